"""Action plans under the agreement: activities, their progress, follow-ups, café answers."""
