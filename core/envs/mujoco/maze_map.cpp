#include "core/envs/mujoco/maze_map.h"

#include <algorithm>
#include <cmath>
#include <deque>

#include "core/util/error.h"

namespace vaco {

namespace {

MazeCell parse_cell(char c, size_t row, size_t col) {
  switch (c) {
    case '1': return MazeCell::Wall;
    case '0': return MazeCell::Free;
    case 'R': return MazeCell::Reset;
    case 'G': return MazeCell::Goal;
    case 'C': return MazeCell::Combined;
    default:
      throw Error("maze map: row " + std::to_string(row) + " column " + std::to_string(col) + " holds '" +
                  std::string(1, c) + "'; a cell is one of 1 (wall), 0, R, G, C");
  }
}

char cell_char(MazeCell c) {
  switch (c) {
    case MazeCell::Wall: return '1';
    case MazeCell::Free: return '0';
    case MazeCell::Reset: return 'R';
    case MazeCell::Goal: return 'G';
    default: return 'C';
  }
}

}  // namespace

MazeMap::MazeMap(const std::vector<std::string>& rows, MazeFrame frame) : frame_(frame) {
  if (rows.empty() || rows[0].empty()) throw Error("maze map: the map has no cells");
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].size() != rows[0].size()) {
      throw Error("maze map: row " + std::to_string(i) + " has " + std::to_string(rows[i].size()) + " cells; row 0 has " +
                  std::to_string(rows[0].size()));
    }
    std::vector<MazeCell>& row = cells_.emplace_back();
    for (size_t j = 0; j < rows[i].size(); ++j) row.push_back(parse_cell(rows[i][j], i, j));
  }
  const std::vector<std::array<int, 2>> starts = reset_cells();
  if (starts.empty()) throw Error("maze map: the map has no open cell");
  start_ = starts.front();
}

MazeCell MazeMap::at(int i, int j) const {
  if (i < 0 || j < 0 || i >= rows() || j >= cols()) return MazeCell::Wall;
  return cells_[size_t(i)][size_t(j)];
}

std::array<double, 2> MazeMap::cell_centre(int i, int j) const {
  if (frame_ == MazeFrame::D4RL) {
    return {j * kMazeCellSize - start_[1] * kMazeCellSize, i * kMazeCellSize - start_[0] * kMazeCellSize};
  }
  const double x_centre = cols() / 2.0 * kMazeCellSize, y_centre = rows() / 2.0 * kMazeCellSize;
  return {(j + 0.5) * kMazeCellSize - x_centre, y_centre - (i + 0.5) * kMazeCellSize};
}

std::array<int, 2> MazeMap::cell_of(double x, double y) const {
  if (frame_ == MazeFrame::D4RL) {
    const double half = kMazeCellSize / 2.0;
    return {int(std::floor((y + start_[0] * kMazeCellSize + half) / kMazeCellSize)),
            int(std::floor((x + start_[1] * kMazeCellSize + half) / kMazeCellSize))};
  }
  const double x_centre = cols() / 2.0 * kMazeCellSize, y_centre = rows() / 2.0 * kMazeCellSize;
  return {int(std::floor((y_centre - y) / kMazeCellSize)), int(std::floor((x + x_centre) / kMazeCellSize))};
}

std::array<int, 2> MazeMap::navigation_cell_of(double x, double y) const {
  if (frame_ != MazeFrame::D4RL) return cell_of(x, y);
  constexpr double kLeast = 1e-4;
  return {start_[0] + int(std::max(y, kLeast) / kMazeCellSize), start_[1] + int(std::max(x, kLeast) / kMazeCellSize)};
}

std::vector<std::array<int, 2>> MazeMap::marked_or_open(MazeCell mark) const {
  std::vector<std::array<int, 2>> marked, open_cells;
  for (int i = 0; i < rows(); ++i) {
    for (int j = 0; j < cols(); ++j) {
      if (at(i, j) == mark || at(i, j) == MazeCell::Combined) marked.push_back({i, j});
      if (at(i, j) == MazeCell::Free) open_cells.push_back({i, j});
    }
  }
  return marked.empty() ? open_cells : marked;
}

std::vector<std::array<int, 2>> MazeMap::cells_where_open(bool open) const {
  std::vector<std::array<int, 2>> out;
  for (int i = 0; i < rows(); ++i) {
    for (int j = 0; j < cols(); ++j) {
      if (this->open(i, j) == open) out.push_back({i, j});
    }
  }
  return out;
}

std::vector<std::array<int, 2>> MazeMap::wall_cells() const { return cells_where_open(false); }

std::vector<std::array<int, 2>> MazeMap::open_cells() const { return cells_where_open(true); }

std::vector<std::array<int, 2>> MazeMap::goal_cells() const { return marked_or_open(MazeCell::Goal); }

std::vector<std::array<int, 2>> MazeMap::reset_cells() const { return marked_or_open(MazeCell::Reset); }

std::array<int, 2> MazeMap::next_cell_towards(std::array<int, 2> from, std::array<int, 2> to) const {
  if (from == to) return to;
  if (!open(to[0], to[1])) {
    throw Error("maze map: cell (" + std::to_string(to[0]) + ", " + std::to_string(to[1]) + ") is a wall");
  }
  // Breadth-first distances from the target; the next cell is a neighbour one step closer.
  std::vector<int> distance(size_t(rows() * cols()), -1);
  const auto index = [&](int i, int j) { return size_t(i * cols() + j); };
  constexpr int kSteps[4][2] = {{0, -1}, {0, 1}, {1, 0}, {-1, 0}};  // left, right, down, up (D4RL's order)
  std::deque<std::array<int, 2>> queue{to};
  distance[index(to[0], to[1])] = 0;
  while (!queue.empty()) {
    const auto [i, j] = queue.front();
    queue.pop_front();
    for (const auto& s : kSteps) {
      const int a = i + s[0], b = j + s[1];
      if (!open(a, b) || distance[index(a, b)] >= 0) continue;
      distance[index(a, b)] = distance[index(i, j)] + 1;
      queue.push_back({a, b});
    }
  }
  int best = -1;
  std::array<int, 2> next{};
  for (const auto& s : kSteps) {
    const int a = from[0] + s[0], b = from[1] + s[1];
    if (!open(a, b) || distance[index(a, b)] < 0) continue;
    if (best < 0 || distance[index(a, b)] < best) {
      best = distance[index(a, b)];
      next = {a, b};
    }
  }
  if (best < 0) {
    throw Error("maze map: no path from cell (" + std::to_string(from[0]) + ", " + std::to_string(from[1]) + ") to (" +
                std::to_string(to[0]) + ", " + std::to_string(to[1]) + ")");
  }
  return next;
}

std::vector<std::string> MazeMap::text() const {
  std::vector<std::string> out;
  for (const auto& row : cells_) {
    std::string& line = out.emplace_back();
    for (MazeCell c : row) line += cell_char(c);
  }
  return out;
}

}  // namespace vaco
