#include "context-access.h"

#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <typeinfo>

#include "AddonContext.h"
#include "AddonModel.h"

namespace steering {

namespace {

constexpr const char* kLayoutHint =
    "node-llama-cpp's native layout does not match the steering addon (it must be built against "
    "the installed node-llama-cpp 3.21.1: run `npm run build:native`)";

// Itanium C++ ABI (Linux, macOS): the word before a vtable's address point is its type_info.
// Every pointer is checked to lie in a loaded image (or be readable) before it is followed.
bool HasDynamicType(const void* object, const char* mangled, const void*& vtable_out) {
  if (!IsReadable(object, sizeof(void*))) return false;
  void* const* vptr = *static_cast<void* const* const*>(object);
  vtable_out = vptr;
  if (ImagePathOf(vptr).empty()) return false;
#if defined(_WIN32)
  (void)mangled;
  return true;  // Untested on Windows: MSVC RTTI differs; rely on the field checks below.
#else
  if (!IsReadable(vptr - 1, sizeof(void*))) return false;
  const auto* info = static_cast<const std::type_info*>(vptr[-1]);
  if (info == nullptr || ImagePathOf(info).empty() || !IsReadable(info, 2 * sizeof(void*))) return false;
  const char* name = info->name();
  if (name == nullptr || !IsReadable(name, std::strlen(mangled) + 1)) return false;
  return std::strcmp(name, mangled) == 0;
#endif
}

bool Unwrap(napi_env env, napi_value object, void** out) {
  *out = nullptr;
  return napi_unwrap(env, object, out) == napi_ok && *out != nullptr;
}

const LlamaApi* ApiFor(const void* anchor, std::string& error) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<LlamaApi>> by_image;
  std::lock_guard<std::mutex> lock(mutex);
  const std::string image = ImagePathOf(anchor);
  auto found = by_image.find(image);
  if (found != by_image.end()) return found->second.get();
  auto api = std::make_unique<LlamaApi>();
  if (!ResolveLlamaApi(anchor, *api, error)) return nullptr;
  return (by_image[image] = std::move(api)).get();
}

}  // namespace

bool AccessContext(napi_env env, napi_value context_object, napi_value model_object,
                   const ExpectedContextShape& expected, ContextAccess& out, std::string& error) {
  void* raw_context = nullptr;
  void* raw_model = nullptr;
  if (!Unwrap(env, context_object, &raw_context) || !Unwrap(env, model_object, &raw_model)) {
    error = "the context or model is not a native node-llama-cpp object (was it disposed?)";
    return false;
  }

  const void* context_vtable = nullptr;
  const void* model_vtable = nullptr;
  if (!HasDynamicType(raw_context, "12AddonContext", context_vtable) ||
      !HasDynamicType(raw_model, "10AddonModel", model_vtable)) {
    error = std::string(kLayoutHint) + " [native objects are not AddonContext/AddonModel]";
    return false;
  }

  auto* context = static_cast<AddonContext*>(raw_context);
  auto* model = static_cast<AddonModel*>(raw_model);
  if (!IsReadable(context, sizeof(AddonContext)) || !IsReadable(model, sizeof(AddonModel))) {
    error = std::string(kLayoutHint) + " [object smaller than expected]";
    return false;
  }
  // Independent facts must agree before any pointer inside the objects is followed.
  if (context->model != model) {
    error = std::string(kLayoutHint) + " [AddonContext.model does not point at the model]";
    return false;
  }
  const uint32_t n_batch = context->context_params.n_batch;
  if (context->context_params.n_seq_max != expected.sequences ||
      (n_batch != expected.batch_size && n_batch != expected.batch_size + 1)) {
    error = std::string(kLayoutHint) + " [context parameters differ from the JS context]";
    return false;
  }
  if (context->disposed || !context->contextLoaded || context->ctx == nullptr) {
    error = "the context is disposed or not loaded";
    return false;
  }
  if (model->disposed || !model->modelLoaded || model->model == nullptr) {
    error = "the model is disposed or not loaded";
    return false;
  }

  const LlamaApi* api = ApiFor(context_vtable, error);
  if (api == nullptr) return false;

  if (!IsReadable(context->ctx, 64) || !IsReadable(model->model, 64) ||
      api->get_model(context->ctx) != model->model) {
    error = std::string(kLayoutHint) + " [llama_context does not belong to the model]";
    return false;
  }

  out.addon_context = context;
  out.addon_model = model;
  out.ctx = context->ctx;
  out.model = model->model;
  out.n_embd = api->model_n_embd(model->model);
  out.n_layer = api->model_n_layer(model->model);
  out.api = api;
  if (out.n_embd <= 0 || out.n_layer <= 0) {
    error = std::string(kLayoutHint) + " [model reports no embedding size or layers]";
    return false;
  }
  return true;
}

}  // namespace steering
