"""The Register Import: read, check, plan and write a spreadsheet of workers."""
