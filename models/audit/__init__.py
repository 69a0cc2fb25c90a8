"""The audit log: every change recorded, chained, verified, read and exported."""
