"""Content -> geometry: card faces, boards, sheets and the guide as drawing primitives."""
