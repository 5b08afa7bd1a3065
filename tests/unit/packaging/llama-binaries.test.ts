/**
 * Which of node-llama-cpp's prebuilt llama.cpp packages go into each platform's app (README,
 * "Install"): the CPU build, Metal on macOS, and by default CUDA and Vulkan on Linux and Windows x64.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isLlamaBinaryFor } from '../../../forge.config';

const ALL = [
  'linux-arm64', 'linux-armv7l', 'linux-riscv64', 'linux-x64', 'linux-x64-cuda', 'linux-x64-cuda-ext', 'linux-x64-vulkan',
  'mac-arm64-metal', 'mac-x64', 'win-arm64', 'win-x64', 'win-x64-cuda', 'win-x64-cuda-ext', 'win-x64-vulkan',
].map((build) => `@node-llama-cpp/${build}`);
const shipped = (platform: string, arch: string) => ALL.filter((name) => isLlamaBinaryFor(name, platform, arch)).map((name) => name.split('/')[1]);

const savedGpu = process.env.STEERLING_LLAMA_GPU;
afterEach(() => {
  if (savedGpu === undefined) delete process.env.STEERLING_LLAMA_GPU;
  else process.env.STEERLING_LLAMA_GPU = savedGpu;
});

describe('llama.cpp builds in each package', () => {
  it('ships the CPU build plus CUDA (both packages) and Vulkan on Linux and Windows x64 by default', () => {
    delete process.env.STEERLING_LLAMA_GPU;
    expect(shipped('linux', 'x64')).toEqual(['linux-x64', 'linux-x64-cuda', 'linux-x64-cuda-ext', 'linux-x64-vulkan']);
    expect(shipped('win32', 'x64')).toEqual(['win-x64', 'win-x64-cuda', 'win-x64-cuda-ext', 'win-x64-vulkan']);
  });

  it('ships Metal on Apple silicon and the CPU build alone where no GPU build exists', () => {
    delete process.env.STEERLING_LLAMA_GPU;
    expect(shipped('darwin', 'arm64')).toEqual(['mac-arm64-metal']);
    expect(shipped('darwin', 'x64')).toEqual(['mac-x64']);
    expect(shipped('linux', 'arm64')).toEqual(['linux-arm64']);
    expect(shipped('win32', 'arm64')).toEqual(['win-arm64']);
  });

  it('leaves the GPU builds out on request, keeping Metal, and keeps other modules', () => {
    process.env.STEERLING_LLAMA_GPU = 'none';
    expect(shipped('linux', 'x64')).toEqual(['linux-x64']);
    expect(shipped('darwin', 'arm64')).toEqual(['mac-arm64-metal']);
    process.env.STEERLING_LLAMA_GPU = 'vulkan';
    expect(shipped('win32', 'x64')).toEqual(['win-x64', 'win-x64-vulkan']);
    expect(isLlamaBinaryFor('node-llama-cpp', 'linux', 'x64')).toBe(true);
  });
});
