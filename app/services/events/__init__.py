"""The event calendar (evenemangskalendern): events, trainings, registrations, waitlists."""
