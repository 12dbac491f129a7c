"""Drawn poses: pose data (schema), the figure and its kinematics (figure), SVG (svg).

Pure modules: no database. Exercises without a photo show these figures.
"""
