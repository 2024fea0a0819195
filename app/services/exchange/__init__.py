"""The exchange (kompetens- och resursutbyte): listings, conversations, exchanges, loans."""
