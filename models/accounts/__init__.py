"""The app's users: signing in, passwords and the admin's work on accounts."""
