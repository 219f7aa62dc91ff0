//===- WorkerPool.cpp - Persistent threads for the kernels ----------------===//

#include "WorkerPool.h"

#include <cassert>
#include <chrono>

using namespace eie::runtime::detail;

/// Spins until done() or kSpinMicros pass; returns done().
template <typename Pred> static bool spinUntil(Pred done) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point end =
      Clock::now() + std::chrono::microseconds(WorkerPool::kSpinMicros);
  while (true) {
    for (unsigned i = 0; i < 64; ++i) {
      if (done())
        return true;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#else
      std::this_thread::yield();
#endif
    }
    if (Clock::now() >= end)
      return done();
  }
}

WorkerPool &WorkerPool::get() {
  static WorkerPool pool;
  return pool;
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mutex);
    stopping = true;
  }
  wake.notify_all();
  for (std::thread &t : workers)
    t.join();
}

uint64_t WorkerPool::waitForJob(uint64_t seen) {
  auto ready = [&] {
    return stopping.load(std::memory_order_acquire) ||
           jobWord.load(std::memory_order_acquire) != seen;
  };
  if (!spinUntil(ready)) {
    std::unique_lock<std::mutex> lock(mutex);
    ++sleepers;
    wake.wait(lock, ready);
    --sleepers;
  }
  return jobWord.load(std::memory_order_acquire);
}

void WorkerPool::workerLoop(unsigned index, uint64_t seen) {
  while (true) {
    seen = waitForJob(seen);
    if (stopping.load(std::memory_order_acquire))
      return;
    // Worker index runs thread number index + 1 of the job, if the job has
    // one: decided from the word it saw, never from fields the next job
    // may already have rewritten. Only participants read job, and the
    // caller cannot start the next job before they all have finished.
    if (index + 1 >= threadsOf(seen))
      continue;
    job(index + 1);
    if (pending.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      // The caller may be asleep: notify under the mutex it checks under.
      std::lock_guard<std::mutex> lock(mutex);
      done.notify_one();
    }
  }
}

void WorkerPool::run(unsigned threads,
                     llvm::function_ref<void(unsigned)> work) {
  if (threads <= 1) {
    work(0);
    return;
  }
  assert(threads <= kMaxThreads && "more threads than the job word holds");
  std::lock_guard<std::mutex> call(callMutex);
  {
    std::lock_guard<std::mutex> lock(mutex);
    uint64_t current = jobWord.load(std::memory_order_relaxed);
    // A new worker waits for the job after the current word.
    while (workers.size() + 1 < threads)
      workers.emplace_back([this, i = unsigned(workers.size()), current] {
        workerLoop(i, current);
      });
    job = work;
    pending.store(threads - 1, std::memory_order_relaxed);
    jobWord.store(((current >> kThreadBits) + 1) << kThreadBits | threads,
                  std::memory_order_release);
    if (sleepers)
      wake.notify_all();
  }
  work(0);
  auto finished = [&] { return pending.load(std::memory_order_acquire) == 0; };
  if (!spinUntil(finished)) {
    std::unique_lock<std::mutex> lock(mutex);
    done.wait(lock, finished);
  }
}
