"""Geometry -> sheets: card grids, cut marks and sheet furniture, tiling of large boards."""
