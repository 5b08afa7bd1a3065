// Residual-stream capture: evaluates tokens in a temporary llama_context created on the same
// llama_model as generation and copies the `l_out-N` tensors through llama.cpp's cb_eval hook.
#pragma once

#include <string>
#include <vector>

#include "context-access.h"

namespace steering {

// A run of consecutive tokens evaluated as one batch, with an optional control vector applied
// while it is evaluated (empty `vector` = none). Segments let a capture reproduce ActAdd-front
// (one token per segment, each with its own vector) exactly as generation does it.
constexpr int32_t kMaxCaptureSequences = 64;

struct CaptureSegment {
  std::vector<llama_token> tokens;
  // Sequence the tokens continue (positions are counted per sequence). Consecutive segments
  // without a vector are decoded as one batch, so several prompts cost one evaluation.
  int32_t sequence = 0;
  std::vector<float> vector;  // n_embd * (n_layer - 1) floats from layer 1, or empty
  // Per-token vectors (ActAdd front), one per token in the same layout as `vector`, added to that
  // token's row of `l_out-N` for N in il_start..il_end while the batch is evaluated. Unlike
  // `vector`, they need no control vector on the context, so such a segment joins its batch.
  std::vector<std::vector<float>> row_vectors;
  int32_t il_start = -1;
  int32_t il_end = -1;
};

struct CaptureRequest {
  std::vector<CaptureSegment> segments;
  std::vector<int32_t> layers;  // llama.cpp block indices N of `l_out-N` (may be empty with state_path)
  // When set, the evaluated sequence 0 is saved there (llama_state_seq_save_file) for the
  // generation context to load: its KV cache then holds exactly what this evaluation computed.
  std::string state_path;
};

struct CaptureResult {
  // One [n_tokens x n_embd] row-major buffer per requested layer, in request order.
  std::vector<std::vector<float>> residuals;
  size_t n_tokens = 0;
};

// Runs on a worker thread. Returns false with `error` on failure; never throws.
bool RunCapture(const ContextAccess& access, const CaptureRequest& request, CaptureResult& result,
                std::string& error);

}  // namespace steering
