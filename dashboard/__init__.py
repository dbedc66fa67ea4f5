"""Crisis-map dashboard of the January 2022 unrest in Kazakhstan and the CSTO deployment."""
