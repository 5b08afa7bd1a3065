// Steerling's side addon: control vectors and residual capture on node-llama-cpp's context.
// Every entry point takes a "target" object built by index.ts:
//   { context: LlamaContext._ctx, model: LlamaModel._model, sequences, batchSize }
#include <napi.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "capture.h"
#include "context-access.h"

namespace steering {

namespace {

Napi::Value Fail(Napi::Env env, const std::string& message) {
  Napi::Error::New(env, message).ThrowAsJavaScriptException();
  return env.Undefined();
}

bool ReadTarget(const Napi::CallbackInfo& info, ContextAccess& access, std::string& error) {
  if (info.Length() < 1 || !info[0].IsObject()) {
    error = "expected a steering target object";
    return false;
  }
  const auto target = info[0].As<Napi::Object>();
  const auto context = target.Get("context");
  const auto model = target.Get("model");
  const auto sequences = target.Get("sequences");
  const auto batch_size = target.Get("batchSize");
  if (!context.IsObject() || !model.IsObject() || !sequences.IsNumber() || !batch_size.IsNumber()) {
    error = "steering target is missing context, model, sequences or batchSize";
    return false;
  }
  ExpectedContextShape expected;
  expected.sequences = sequences.As<Napi::Number>().Uint32Value();
  expected.batch_size = batch_size.As<Napi::Number>().Uint32Value();
  return AccessContext(info.Env(), context, model, expected, access, error);
}

// Copies a per-layer vector buffer into a full n_embd * (n_layer - 1) buffer, zero padded, so
// layers the caller did not send never keep values from an earlier call (llama.cpp skips them).
bool ReadVector(const Napi::Value& value, const ContextAccess& access, int32_t n_embd, int32_t il_start,
                int32_t il_end, std::vector<float>& out, std::string& error) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    error = "control vector data must be a Float32Array";
    return false;
  }
  const auto data = value.As<Napi::Float32Array>();
  const size_t full = static_cast<size_t>(access.n_embd) * (access.n_layer - 1);
  if (n_embd != access.n_embd) {
    error = "control vector has " + std::to_string(n_embd) + " dimensions but the model has " +
            std::to_string(access.n_embd);
    return false;
  }
  if (data.ElementLength() % n_embd != 0 || data.ElementLength() > full) {
    error = "control vector data must hold whole layers, at most " + std::to_string(access.n_layer - 1);
    return false;
  }
  if (il_start < 1 || il_end > access.n_layer - 1 || il_start > il_end) {
    error = "control vector layer range " + std::to_string(il_start) + ".." + std::to_string(il_end) +
            " is outside 1.." + std::to_string(access.n_layer - 1);
    return false;
  }
  out.assign(full, 0.0f);
  for (size_t i = 0; i < data.ElementLength(); i++) {
    if (!std::isfinite(data[i])) {
      error = "control vector contains a non-finite value";
      return false;
    }
    out[i] = data[i];
  }
  return true;
}

Napi::Value Describe(const Napi::CallbackInfo& info) {
  ContextAccess access;
  std::string error;
  if (!ReadTarget(info, access, error)) return Fail(info.Env(), error);
  auto result = Napi::Object::New(info.Env());
  result.Set("nEmbd", access.n_embd);
  result.Set("nLayer", access.n_layer);
  result.Set("addonImage", ImagePathOf(reinterpret_cast<const void*>(*reinterpret_cast<void**>(access.addon_context))));
  result.Set("llamaImage", ImagePathOf(reinterpret_cast<const void*>(access.api->set_adapter_cvec)));
  result.Set("ggmlBaseImage", ImagePathOf(reinterpret_cast<const void*>(access.api->tensor_get)));
  return result;
}

// setControlVector(target, data: Float32Array | null, nEmbd, ilStart, ilEnd)
Napi::Value SetControlVector(const Napi::CallbackInfo& info) {
  ContextAccess access;
  std::string error;
  if (!ReadTarget(info, access, error)) return Fail(info.Env(), error);
  if (info.Length() < 2 || info[1].IsNull() || info[1].IsUndefined()) {
    access.api->set_adapter_cvec(access.ctx, nullptr, 0, access.n_embd, -1, -1);
    return info.Env().Undefined();
  }
  if (info.Length() < 5 || !info[2].IsNumber() || !info[3].IsNumber() || !info[4].IsNumber()) {
    return Fail(info.Env(), "setControlVector needs data, nEmbd, ilStart and ilEnd");
  }
  std::vector<float> full;
  const int32_t n_embd = info[2].As<Napi::Number>().Int32Value();
  const int32_t il_start = info[3].As<Napi::Number>().Int32Value();
  const int32_t il_end = info[4].As<Napi::Number>().Int32Value();
  if (!ReadVector(info[1], access, n_embd, il_start, il_end, full, error)) return Fail(info.Env(), error);
  if (access.api->set_adapter_cvec(access.ctx, full.data(), full.size(), n_embd, il_start, il_end) != 0) {
    return Fail(info.Env(), "llama.cpp rejected the control vector");
  }
  return info.Env().Undefined();
}

class CaptureWorker : public Napi::AsyncWorker {
 public:
  CaptureWorker(Napi::Env env, const Napi::Object& target, ContextAccess access, CaptureRequest request)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), access_(access),
        request_(std::move(request)) {
    // Keep the JS objects (and so the native context and model) alive while we run.
    target_ = Napi::Persistent(target);
  }

  Napi::Promise Promise() const { return deferred_.Promise(); }

  void Execute() override {
    std::string error;
    if (!RunCapture(access_, request_, result_, error)) SetError(error);
  }

  void OnOK() override {
    auto residuals = Napi::Array::New(Env(), result_.residuals.size());
    for (size_t i = 0; i < result_.residuals.size(); i++) {
      const auto& layer = result_.residuals[i];
      auto array = Napi::Float32Array::New(Env(), layer.size());
      std::copy(layer.begin(), layer.end(), array.Data());
      residuals.Set(static_cast<uint32_t>(i), array);
    }
    auto out = Napi::Object::New(Env());
    out.Set("residuals", residuals);
    out.Set("nTokens", static_cast<double>(result_.n_tokens));
    out.Set("nEmbd", access_.n_embd);
    deferred_.Resolve(out);
  }

  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference target_;
  ContextAccess access_;
  CaptureRequest request_;
  CaptureResult result_;
};

// captureResiduals(target, segments: {tokens, sequence?, vector?, rowVectors?, ilStart?, ilEnd?}[], layers: number[],
//                  options?: {statePath?: string})
Napi::Value CaptureResiduals(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  ContextAccess access;
  std::string error;
  if (!ReadTarget(info, access, error)) return Fail(env, error);
  if (info.Length() < 3 || !info[1].IsArray() || !info[2].IsArray()) {
    return Fail(env, "captureResiduals needs segments and layers arrays");
  }
  CaptureRequest request;
  const auto layers = info[2].As<Napi::Array>();
  for (uint32_t i = 0; i < layers.Length(); i++) {
    const auto value = layers.Get(i);
    const int32_t layer = value.IsNumber() ? value.As<Napi::Number>().Int32Value() : -1;
    if (layer < 0 || layer >= access.n_layer) {
      return Fail(env, "layer to capture must be a block index in 0.." + std::to_string(access.n_layer - 1));
    }
    request.layers.push_back(layer);
  }
  const auto segments = info[1].As<Napi::Array>();
  size_t total = 0;
  for (uint32_t s = 0; s < segments.Length(); s++) {
    if (!segments.Get(s).IsObject()) return Fail(env, "each capture segment must be an object");
    const auto segment = segments.Get(s).As<Napi::Object>();
    const auto tokens = segment.Get("tokens");
    if (!tokens.IsArray() || tokens.As<Napi::Array>().Length() == 0) {
      return Fail(env, "each capture segment needs a non-empty tokens array");
    }
    CaptureSegment parsed;
    const auto token_array = tokens.As<Napi::Array>();
    for (uint32_t i = 0; i < token_array.Length(); i++) {
      const auto token = token_array.Get(i);
      if (!token.IsNumber()) return Fail(env, "tokens must be numbers");
      parsed.tokens.push_back(token.As<Napi::Number>().Int32Value());
    }
    const auto sequence = segment.Get("sequence");
    if (!sequence.IsUndefined() && !sequence.IsNull()) {
      parsed.sequence = sequence.ToNumber().Int32Value();
      if (parsed.sequence < 0 || parsed.sequence >= kMaxCaptureSequences) {
        return Fail(env, "capture sequence ids must be in 0.." + std::to_string(kMaxCaptureSequences - 1));
      }
    }
    const auto vector = segment.Get("vector");
    const auto row_vectors = segment.Get("rowVectors");
    const bool has_rows = !row_vectors.IsNull() && !row_vectors.IsUndefined();
    if (!vector.IsNull() && !vector.IsUndefined()) {
      if (has_rows) return Fail(env, "a capture segment takes a vector or per-token vectors, not both");
      parsed.il_start = segment.Get("ilStart").ToNumber().Int32Value();
      parsed.il_end = segment.Get("ilEnd").ToNumber().Int32Value();
      if (!ReadVector(vector, access, access.n_embd, parsed.il_start, parsed.il_end, parsed.vector, error)) {
        return Fail(env, error);
      }
    }
    if (has_rows) {
      if (!row_vectors.IsArray() || row_vectors.As<Napi::Array>().Length() != parsed.tokens.size()) {
        return Fail(env, "rowVectors must hold one vector per token of its segment");
      }
      parsed.il_start = segment.Get("ilStart").ToNumber().Int32Value();
      parsed.il_end = segment.Get("ilEnd").ToNumber().Int32Value();
      const auto rows = row_vectors.As<Napi::Array>();
      parsed.row_vectors.resize(rows.Length());
      for (uint32_t r = 0; r < rows.Length(); r++) {
        if (!ReadVector(rows.Get(r), access, access.n_embd, parsed.il_start, parsed.il_end, parsed.row_vectors[r], error)) {
          return Fail(env, error);
        }
      }
    }
    total += parsed.tokens.size();
    request.segments.push_back(std::move(parsed));
  }
  if (info.Length() >= 4 && info[3].IsObject()) {
    const auto state_path = info[3].As<Napi::Object>().Get("statePath");
    if (state_path.IsString()) request.state_path = state_path.As<Napi::String>().Utf8Value();
  }
  if (total == 0) return Fail(env, "nothing to capture: no tokens given");
  if (request.layers.empty() && request.state_path.empty()) return Fail(env, "nothing to capture: no layers given");
  if (!request.state_path.empty()) {
    for (const auto& segment : request.segments) {
      if (segment.sequence != 0 || !segment.vector.empty()) {
        return Fail(env, "a saved sequence state needs one sequence and per-token vectors only");
      }
    }
  }

  auto* worker = new CaptureWorker(env, info[0].As<Napi::Object>(), access, std::move(request));
  const auto promise = worker->Promise();
  worker->Queue();
  return promise;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("describe", Napi::Function::New(env, Describe));
  exports.Set("setControlVector", Napi::Function::New(env, SetControlVector));
  exports.Set("captureResiduals", Napi::Function::New(env, CaptureResiduals));
  exports.Set("compiledAgainst", Napi::String::New(env, STEERLING_NODE_LLAMA_CPP_VERSION));
  return exports;
}

}  // namespace

}  // namespace steering

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return steering::Init(env, exports); }

NODE_API_MODULE(steerling_steering, InitModule)
