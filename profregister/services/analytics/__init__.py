"""Reports' shared building blocks, NHWA, coordinator submissions and replica reads."""
