#include "core/train/csv_eval_sink.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/util/error.h"

namespace vaco::train {

const char* eval_csv_header() { return "step,wall_time,return_mean,return_std,score_mean,score_std,episodes"; }

CsvEvalSink::CsvEvalSink(const std::string& path) : path_(path) {
  std::error_code ec;
  const bool fresh = !std::filesystem::exists(path, ec) || std::filesystem::file_size(path, ec) == 0;
  out_ = std::fopen(path.c_str(), "a");
  if (!out_) throw Error(path + ": cannot open for writing");
  if (fresh) {
    std::fprintf(out_, "%s\n", eval_csv_header());
    std::fflush(out_);
  }
}

CsvEvalSink::~CsvEvalSink() {
  if (out_) std::fclose(out_);
}

void CsvEvalSink::on_eval(const EvalRecord& r) {
  const EvalResult& e = r.result;
  std::fprintf(out_, "%lld,%.6f,%.10g,%.10g,%.10g,%.10g,%lld\n", (long long)r.step, r.wall_time, e.return_mean,
               e.return_std, e.score_mean, e.score_std, (long long)e.episodes);
  if (std::fflush(out_) != 0) throw Error(path_ + ": cannot write");
}

std::vector<EvalLine> read_eval_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open");
  std::string line;
  if (!std::getline(in, line) || line != eval_csv_header()) throw Error(path + ": not an eval.csv (bad header)");
  std::map<int64_t, EvalLine> by_step;
  for (int64_t number = 2; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    EvalLine e;
    char c1, c2, c3, c4, c5, c6;
    if (!(fields >> e.step >> c1 >> e.wall_time >> c2 >> e.return_mean >> c3 >> e.return_std >> c4 >> e.score_mean >>
          c5 >> e.score_std >> c6 >> e.episodes) ||
        c1 != ',' || c2 != ',' || c3 != ',' || c4 != ',' || c5 != ',' || c6 != ',') {
      throw Error(path + ": line " + std::to_string(number) + " does not parse: '" + line + "'");
    }
    by_step[e.step] = e;
  }
  std::vector<EvalLine> out;
  for (const auto& [step, e] : by_step) out.push_back(e);
  return out;
}

}  // namespace vaco::train
