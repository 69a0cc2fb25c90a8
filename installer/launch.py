"""Entry script of the frozen app: PyInstaller starts from a file, not a console_scripts entry."""
import multiprocessing
import sys

from desktop.main import main

if __name__ == "__main__":
    # The spreadsheet probe (models/sheets/probe.py) starts a spawned child: in the frozen
    # app that child is this executable again, and must run the probe, not the window.
    multiprocessing.freeze_support()
    sys.exit(main())
