"""Writes, one module per feature: plans.py, sessions.py (the log) and routines.py.

Callers import the module they need; nothing is re-exported here.
"""
