#include "capture.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "AddonContext.h"

namespace steering {

namespace {

struct CaptureState {
  const LlamaApi* api = nullptr;
  const std::vector<int32_t>* layers = nullptr;
  std::vector<std::vector<float>>* out = nullptr;
  std::vector<int> seen;  // captures per layer within the current segment
  int32_t n_embd = 0;
  size_t row_offset = 0;
  size_t rows = 0;
  std::string error;
};

// Index of `tensor` in the requested layers when it is one of their `l_out-N`, else -1.
int RequestedIndex(const CaptureState& state, const ggml_tensor* tensor) {
  static const char kPrefix[] = "l_out-";
  if (std::strncmp(tensor->name, kPrefix, sizeof(kPrefix) - 1) != 0) return -1;
  char* end = nullptr;
  const long layer = std::strtol(tensor->name + sizeof(kPrefix) - 1, &end, 10);
  if (end == nullptr || *end != '\0') return -1;
  const auto& layers = *state.layers;
  for (size_t i = 0; i < layers.size(); i++) {
    if (layers[i] == layer) return static_cast<int>(i);
  }
  return -1;
}

bool OnEval(ggml_tensor* tensor, bool ask, void* user_data) {
  auto& state = *static_cast<CaptureState*>(user_data);
  const int index = RequestedIndex(state, tensor);
  if (ask) return index >= 0;
  if (index < 0) return true;

  // Every token of the batch is marked as an output, so the last layer's row filtering
  // (ggml_get_rows over the output ids) keeps all rows in order.
  if (tensor->type != GGML_TYPE_F32 || tensor->ne[0] != state.n_embd ||
      static_cast<size_t>(tensor->ne[1]) != state.rows || tensor->ne[2] != 1 || tensor->ne[3] != 1 ||
      !state.api->is_contiguous(tensor)) {
    state.error = std::string("unexpected shape or type of ") + tensor->name;
    return false;
  }
  float* destination = (*state.out)[index].data() + state.row_offset * state.n_embd;
  state.api->tensor_get(tensor, destination, 0, state.rows * state.n_embd * sizeof(float));
  state.seen[index]++;
  return true;
}

}  // namespace

bool RunCapture(const ContextAccess& access, const CaptureRequest& request, CaptureResult& result,
                std::string& error) {
  const LlamaApi& api = *access.api;

  // Batches: runs of consecutive vector-free segments share one decode; a segment with a vector
  // is decoded on its own with that vector set.
  struct Batch {
    size_t first = 0;
    size_t count = 0;
    size_t tokens = 0;
  };
  std::vector<Batch> batches;
  size_t total = 0;
  int32_t n_seq = 1;
  for (size_t i = 0; i < request.segments.size(); i++) {
    const auto& segment = request.segments[i];
    const bool joins = !batches.empty() && segment.vector.empty() &&
                       request.segments[batches.back().first].vector.empty();
    if (!joins) batches.push_back({i, 0, 0});
    batches.back().count++;
    batches.back().tokens += segment.tokens.size();
    total += segment.tokens.size();
    n_seq = std::max(n_seq, segment.sequence + 1);
  }
  size_t longest = 1;
  for (const auto& batch : batches) longest = std::max(longest, batch.tokens);

  CaptureState state;
  state.api = &api;
  state.layers = &request.layers;
  state.out = &result.residuals;
  state.n_embd = access.n_embd;
  result.residuals.assign(request.layers.size(), std::vector<float>(total * access.n_embd, 0.0f));
  result.n_tokens = total;

  const llama_context_params& generation = access.addon_context->context_params;
  llama_context_params params = api.context_default_params();
  params.n_ctx = static_cast<uint32_t>(((total + 255) / 256) * 256);
  params.n_batch = static_cast<uint32_t>(longest);
  params.n_ubatch = static_cast<uint32_t>(longest);
  params.n_seq_max = static_cast<uint32_t>(n_seq);
  params.kv_unified = true;  // sequences share the cells, so n_ctx only needs the total
  params.n_threads = generation.n_threads;
  params.n_threads_batch = generation.n_threads_batch;
  params.flash_attn_type = generation.flash_attn_type;
  params.type_k = generation.type_k;
  params.type_v = generation.type_v;
  params.no_perf = true;
  params.embeddings = false;
  params.cb_eval = OnEval;
  params.cb_eval_user_data = &state;

  llama_context* ctx = api.init_from_model(const_cast<llama_model*>(access.model), params);
  if (ctx == nullptr) {
    error = "could not create a temporary context to read activations (out of memory?)";
    return false;
  }

  bool ok = true;
  size_t row = 0;
  std::vector<llama_pos> next_position(n_seq, 0);
  for (const auto& group : batches) {
    const auto& head = request.segments[group.first];
    const int32_t set = head.vector.empty()
                            ? api.set_adapter_cvec(ctx, nullptr, 0, access.n_embd, -1, -1)
                            : api.set_adapter_cvec(ctx, head.vector.data(), head.vector.size(), access.n_embd,
                                                   head.il_start, head.il_end);
    if (set != 0) {
      error = "llama.cpp rejected the control vector for the capture context";
      ok = false;
      break;
    }
    llama_batch batch = api.batch_init(static_cast<int32_t>(group.tokens), 0, 1);
    int32_t n = 0;
    for (size_t s = group.first; s < group.first + group.count; s++) {
      const auto& segment = request.segments[s];
      for (const llama_token token : segment.tokens) {
        batch.token[n] = token;
        batch.pos[n] = next_position[segment.sequence]++;
        batch.n_seq_id[n] = 1;
        batch.seq_id[n][0] = segment.sequence;
        // Every token is an output, so the last layer's l_out keeps all rows in order.
        batch.logits[n] = 1;
        n++;
      }
    }
    batch.n_tokens = n;
    state.row_offset = row;
    state.rows = group.tokens;
    state.seen.assign(request.layers.size(), 0);
    const int32_t status = api.decode(ctx, batch);
    api.batch_free(batch);
    if (!state.error.empty()) {
      error = state.error;
      ok = false;
      break;
    }
    if (status != 0) {
      error = "llama_decode failed while reading activations (status " + std::to_string(status) +
              "; are the token ids valid for this model?)";
      ok = false;
      break;
    }
    for (size_t i = 0; i < request.layers.size() && ok; i++) {
      if (state.seen[i] != 1) {
        error = "layer l_out-" + std::to_string(request.layers[i]) + " was not observed during evaluation";
        ok = false;
      }
    }
    if (!ok) break;
    row += group.tokens;
  }

  api.free_context(ctx);
  return ok;
}

}  // namespace steering
