"""Boards as geometry: a scenario's timeline board, the method board and the dialogue-object map.

A board is laid out at its real size (A2 landscape by default). Text sizes follow the board so that it reads
from 1–2 m around a table: on A2 body text is at most the theme's `board_body` (16 pt) and never under
14 pt; other sizes scale these by their short side / 420 mm (A1: 19.8 pt at least, A3: 9.9 pt). Card slots
keep the real size of the cards they hold (smaller only when the board is too small, with a warning).
Everything is fitted by `text.fit`; what does not fit is a warning naming the board.

One module per board (`scenario`, `method`, `objmap`), what they share in `common`.
"""

from deck.layout.boards.common import BoardGeometry, BoardStyle, materials_resource
from deck.layout.boards.method import method_board, phase_minutes
from deck.layout.boards.objmap import map_board
from deck.layout.boards.scenario import blank_board, scenario_board

__all__ = [
    "BoardGeometry",
    "BoardStyle",
    "blank_board",
    "map_board",
    "materials_resource",
    "method_board",
    "phase_minutes",
    "scenario_board",
]
