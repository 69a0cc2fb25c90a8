"""The office's operation calendar: windows, working days, planned pace, status and forecasts."""
