#include "llama-api.h"

#include <cstring>
#include <mutex>
#include <vector>

#if defined(_WIN32)
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <psapi.h>
#else
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#if defined(__APPLE__)
#include <mach-o/dyld.h>
#else
#include <link.h>
#endif
#endif

namespace steering {

namespace {

struct SymbolSlot {
  const char* name;
  void** slot;
};

std::vector<SymbolSlot> SlotsOf(LlamaApi& api) {
  return {
      {"llama_set_adapter_cvec", reinterpret_cast<void**>(&api.set_adapter_cvec)},
      {"llama_context_default_params", reinterpret_cast<void**>(&api.context_default_params)},
      {"llama_init_from_model", reinterpret_cast<void**>(&api.init_from_model)},
      {"llama_free", reinterpret_cast<void**>(&api.free_context)},
      {"llama_decode", reinterpret_cast<void**>(&api.decode)},
      {"llama_batch_init", reinterpret_cast<void**>(&api.batch_init)},
      {"llama_batch_free", reinterpret_cast<void**>(&api.batch_free)},
      {"llama_get_model", reinterpret_cast<void**>(&api.get_model)},
      {"llama_model_n_embd", reinterpret_cast<void**>(&api.model_n_embd)},
      {"llama_model_n_layer", reinterpret_cast<void**>(&api.model_n_layer)},
      {"llama_n_ctx", reinterpret_cast<void**>(&api.n_ctx)},
      {"llama_state_seq_save_file", reinterpret_cast<void**>(&api.state_seq_save_file)},
      {"ggml_backend_tensor_get", reinterpret_cast<void**>(&api.tensor_get)},
      {"ggml_backend_tensor_set", reinterpret_cast<void**>(&api.tensor_set)},
      {"ggml_nbytes", reinterpret_cast<void**>(&api.nbytes)},
      {"ggml_is_contiguous", reinterpret_cast<void**>(&api.is_contiguous)},
  };
}

std::string DirectoryOf(const std::string& path) {
  const size_t cut = path.find_last_of("/\\");
  return cut == std::string::npos ? std::string() : path.substr(0, cut);
}

// Every image currently loaded in the process, by path.
std::vector<std::string> LoadedImages() {
  std::vector<std::string> images;
#if defined(_WIN32)
  // Untested: written for Windows builds, never run on this project's CI.
  HMODULE modules[1024];
  DWORD needed = 0;
  if (EnumProcessModules(GetCurrentProcess(), modules, sizeof(modules), &needed)) {
    const size_t count = needed / sizeof(HMODULE);
    for (size_t i = 0; i < count && i < 1024; i++) {
      char path[MAX_PATH];
      if (GetModuleFileNameA(modules[i], path, MAX_PATH) > 0) images.emplace_back(path);
    }
  }
#elif defined(__APPLE__)
  // Untested: written for macOS builds, never run on this project's CI.
  const uint32_t count = _dyld_image_count();
  for (uint32_t i = 0; i < count; i++) {
    const char* name = _dyld_get_image_name(i);
    if (name != nullptr && name[0] != '\0') images.emplace_back(name);
  }
#else
  dl_iterate_phdr(
      [](struct dl_phdr_info* info, size_t, void* data) -> int {
        auto* out = static_cast<std::vector<std::string>*>(data);
        if (info->dlpi_name != nullptr && info->dlpi_name[0] != '\0') out->emplace_back(info->dlpi_name);
        return 0;
      },
      &images);
#endif
  return images;
}

// Looks `name` up in an already loaded image without loading anything new. The handle is kept
// open on purpose: it pins the library for as long as we hold pointers into it.
void* FindInImage(const std::string& path, const char* name) {
#if defined(_WIN32)
  HMODULE module = GetModuleHandleA(path.c_str());
  return module == nullptr ? nullptr : reinterpret_cast<void*>(GetProcAddress(module, name));
#else
  void* handle = dlopen(path.c_str(), RTLD_LAZY | RTLD_NOLOAD);
  return handle == nullptr ? nullptr : dlsym(handle, name);
#endif
}

}  // namespace

std::string ImagePathOf(const void* address) {
#if defined(_WIN32)
  HMODULE module = nullptr;
  if (!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                          static_cast<LPCSTR>(address), &module)) {
    return "";
  }
  char path[MAX_PATH];
  return GetModuleFileNameA(module, path, MAX_PATH) > 0 ? std::string(path) : std::string();
#else
  Dl_info info;
  if (dladdr(address, &info) == 0 || info.dli_fname == nullptr) return "";
  return info.dli_fname;
#endif
}

bool IsReadable(const void* address, size_t size) {
  if (address == nullptr) return false;
#if defined(_WIN32)
  MEMORY_BASIC_INFORMATION mbi;
  const char* p = static_cast<const char*>(address);
  const char* end = p + size;
  while (p < end) {
    if (VirtualQuery(p, &mbi, sizeof(mbi)) == 0) return false;
    if (mbi.State != MEM_COMMIT || (mbi.Protect & (PAGE_NOACCESS | PAGE_GUARD)) != 0) return false;
    p = static_cast<const char*>(mbi.BaseAddress) + mbi.RegionSize;
  }
  return true;
#else
  // write() reports EFAULT instead of faulting, which makes a pipe a safe probe.
  static std::mutex probe_mutex;
  static int fds[2] = {-1, -1};
  std::lock_guard<std::mutex> lock(probe_mutex);
  if (fds[0] < 0) {
    if (pipe(fds) != 0) return false;
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    fcntl(fds[1], F_SETFL, O_NONBLOCK);
  }
  const char* p = static_cast<const char*>(address);
  size_t left = size;
  char sink[512];
  while (left > 0) {
    const size_t chunk = left < sizeof(sink) ? left : sizeof(sink);
    const ssize_t written = write(fds[1], p, chunk);
    if (written <= 0) return false;
    while (read(fds[0], sink, sizeof(sink)) > 0) {
    }
    p += written;
    left -= static_cast<size_t>(written);
  }
  return true;
#endif
}

bool ResolveLlamaApi(const void* anchor, LlamaApi& api, std::string& error) {
  const std::string anchor_dir = DirectoryOf(ImagePathOf(anchor));
  std::vector<std::string> same_dir, elsewhere;
  for (const auto& image : LoadedImages()) {
    (!anchor_dir.empty() && DirectoryOf(image) == anchor_dir ? same_dir : elsewhere).push_back(image);
  }

  std::string missing;
  for (const auto& entry : SlotsOf(api)) {
    *entry.slot = nullptr;
    for (const auto* group : {&same_dir, &elsewhere}) {
      for (const auto& image : *group) {
        if ((*entry.slot = FindInImage(image, entry.name)) != nullptr) break;
      }
      if (*entry.slot != nullptr) break;
    }
    if (*entry.slot == nullptr) missing += (missing.empty() ? "" : ", ") + std::string(entry.name);
  }
  if (!missing.empty()) {
    error = "llama.cpp functions not found in the libraries node-llama-cpp loaded (" + missing +
            "); searched next to " + (anchor_dir.empty() ? std::string("<unknown>") : anchor_dir);
    return false;
  }
  return true;
}

}  // namespace steering
