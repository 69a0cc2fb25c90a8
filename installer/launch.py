"""Entry script of the frozen app: PyInstaller starts from a file, not a console_scripts entry."""
import sys

from desktop.main import main

if __name__ == "__main__":
    sys.exit(main())
