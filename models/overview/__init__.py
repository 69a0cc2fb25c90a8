"""What the office sees first: the day's figures against the schedule, and reminders per team."""
