"""`python -m models.cli` runs the headless command line."""
from models.cli.main import main

raise SystemExit(main())
