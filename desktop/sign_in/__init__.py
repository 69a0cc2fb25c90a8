"""Before the window: the first admin, signing in, password changes, the server password."""
