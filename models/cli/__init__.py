"""The headless command line: the same core functions the window uses, without Qt."""
