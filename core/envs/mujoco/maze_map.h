// AntMaze's mazes: the cell grids of D4RL and gymnasium-robotics, the two ways they place cells
// in the world, and the shortest-path step between cells.
#pragma once
#include <array>
#include <string>
#include <vector>

namespace vaco {

/// How a maze's cells sit in the world (cell size 4, walls 2 m high boxes of half-size 2, 2, 1).
enum class MazeFrame {
  D4RL,          ///< cell (i, j) is centred at (4j, 4i) minus the start cell's, so the start is (0, 0)
  GymRobotics,   ///< cell (i, j) is centred at ((j + 0.5) 4 - 2 cols, 2 rows - (i + 0.5) 4): the map's middle is (0, 0)
};

/// A cell of the map, as the gymnasium-robotics and D4RL maps mark them.
enum class MazeCell { Wall, Free, Reset, Goal, Combined };

/// A rectangular maze map with its world frame; rows[0] is the map's first row.
class MazeMap {
 public:
  /// Parses rows of '1' (wall), '0' (free), 'R' (reset), 'G' (goal), 'C' (both); throws
  /// vaco::Error naming the row and character when the grid is ragged or holds another character.
  MazeMap(const std::vector<std::string>& rows, MazeFrame frame);

  /// Rows of the grid.
  int rows() const { return int(cells_.size()); }
  /// Columns of the grid.
  int cols() const { return int(cells_[0].size()); }
  /// The cell at row i, column j (a wall outside the grid).
  MazeCell at(int i, int j) const;
  /// True for every cell but a wall.
  bool open(int i, int j) const { return at(i, j) != MazeCell::Wall; }
  /// The frame the map places its cells in.
  MazeFrame frame() const { return frame_; }
  /// World xy of the centre of cell (i, j).
  std::array<double, 2> cell_centre(int i, int j) const;
  /// The cell (row, column) that contains world point xy (may lie outside the grid).
  std::array<int, 2> cell_of(double x, double y) const;
  /// The cell D4RL's navigation (its waypoint controller, `_xy_to_rowcol`) places world point xy
  /// in: in the D4RL frame cell (i, j) covers [centre, centre + 4) on each axis, half a cell off
  /// the walls, with coordinates under 1e-4 counted as 1e-4; in the other frame, cell_of.
  std::array<int, 2> navigation_cell_of(double x, double y) const;
  /// Cells where a goal may be drawn: the goal and combined cells, or every open cell when the
  /// map marks none (gymnasium-robotics' rule; D4RL's maps always mark one).
  std::vector<std::array<int, 2>> goal_cells() const;
  /// Cells where an episode may start: reset and combined cells, or every open cell when none.
  std::vector<std::array<int, 2>> reset_cells() const;
  /// Every wall cell, row by row.
  std::vector<std::array<int, 2>> wall_cells() const;
  /// Every cell but the walls, row by row.
  std::vector<std::array<int, 2>> open_cells() const;
  /// The neighbouring cell on a shortest path (4-connected, through open cells) from `from` to
  /// `to`; `to` itself when the two are equal. Throws vaco::Error when no path exists.
  std::array<int, 2> next_cell_towards(std::array<int, 2> from, std::array<int, 2> to) const;
  /// The map as '1', '0', 'R', 'G', 'C' rows (what the constructor parses).
  std::vector<std::string> text() const;

 private:
  /// The cells marked `mark` or Combined, or every Free cell when there are none.
  std::vector<std::array<int, 2>> marked_or_open(MazeCell mark) const;
  /// Every cell whose openness is `open`, row by row.
  std::vector<std::array<int, 2>> cells_where_open(bool open) const;

  std::vector<std::vector<MazeCell>> cells_;
  MazeFrame frame_;
  std::array<int, 2> start_{1, 1};  ///< the first reset cell (D4RL's origin)
};

/// Side of one maze cell in metres (D4RL's and gymnasium-robotics' maze_size_scaling).
inline constexpr double kMazeCellSize = 4.0;
/// Height of the walls' boxes' centre and their half-height (maze_height 0.5 times the cell size / 2).
inline constexpr double kMazeWallHalfHeight = 1.0;

}  // namespace vaco
