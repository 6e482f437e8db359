"""Verification requests to partner organisations, newcomer reports and the queue of suggested corrections."""
