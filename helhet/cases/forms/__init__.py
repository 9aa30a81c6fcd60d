"""Forms of the relay pages."""
