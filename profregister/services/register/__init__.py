"""Workers' placement, status history, record changes and the entry calendar."""
