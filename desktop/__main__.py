"""`python -m desktop` runs the same command as `kendali-sensus`."""
import sys

from desktop.main import main

sys.exit(main())
