#include "core/train/csv_eval_sink.h"

#include <filesystem>

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

}  // namespace vaco::train
