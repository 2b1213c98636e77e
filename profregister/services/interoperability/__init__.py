"""What other systems read: the FHIR R4 directory and the licence check."""
