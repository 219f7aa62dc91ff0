//===- WorkerPool.cpp - Persistent threads for the kernels ----------------===//

#include "WorkerPool.h"

#include <cassert>

using namespace eie::runtime::detail;

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
  if (!spinUntil(ready, kSpinMicros)) {
    std::unique_lock<std::mutex> lock(mutex);
    // Counted before wait's last look at the job word; start() publishes
    // the word before it reads the count (fences on both sides): one of the
    // two sees the other's write, so a job is never published unseen.
    sleepers.fetch_add(1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    wake.wait(lock, ready);
    sleepers.fetch_sub(1, std::memory_order_relaxed);
  }
  return jobWord.load(std::memory_order_acquire);
}

void WorkerPool::wakeCaller() {
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (!callerAsleep.load(std::memory_order_relaxed))
    return;
  std::lock_guard<std::mutex> lock(mutex);
  done.notify_one();
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
    if (seen & kHelpedBit) {
      const uint64_t open = gateOf(seen);
      uint64_t g = gate.load(std::memory_order_acquire);
      bool entered = false;
      while ((g & ~kInsideMask) == open &&
             !(entered = gate.compare_exchange_weak(g, g + 1,
                                                    std::memory_order_acq_rel,
                                                    std::memory_order_acquire)))
        ;
      if (!entered)
        continue; // the caller finished without this helper
      job(index + 1);
      uint64_t left = gate.fetch_sub(1, std::memory_order_acq_rel) - 1;
      if (left == (open | kClosed))
        wakeCaller();
      continue;
    }
    job(index + 1);
    if (pending.fetch_sub(1, std::memory_order_acq_rel) == 1)
      wakeCaller();
  }
}

void WorkerPool::start(unsigned threads, bool helped,
                       llvm::function_ref<void(unsigned)> work) {
  assert(threads <= kMaxThreads && "more threads than the job word holds");
  const uint64_t current = jobWord.load(std::memory_order_relaxed);
  if (workers.size() + 1 < threads) {
    std::lock_guard<std::mutex> lock(mutex);
    // A new worker waits for the job after the current word.
    while (workers.size() + 1 < threads)
      workers.emplace_back([this, i = unsigned(workers.size()), current] {
        workerLoop(i, current);
      });
  }
  job = work;
  uint64_t word = ((current >> kGenerationShift) + 1) << kGenerationShift |
                  (helped ? kHelpedBit : 0) | threads;
  if (helped)
    gate.store(gateOf(word), std::memory_order_relaxed);
  else
    pending.store(threads - 1, std::memory_order_relaxed);
  jobWord.store(word, std::memory_order_release);
  // Sleeping workers are woken under the mutex they wait on (waitForJob).
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (sleepers.load(std::memory_order_relaxed)) {
    std::lock_guard<std::mutex> lock(mutex);
    wake.notify_all();
  }
  work(0);
}

template <typename Pred> void WorkerPool::waitUntil(Pred finished) {
  if (!spinUntil(finished, kSpinMicros)) {
    std::unique_lock<std::mutex> lock(mutex);
    // Set before wait's last look at finished(); the last worker out reads
    // it after its own write (wakeCaller, fences on both sides).
    callerAsleep.store(true, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    done.wait(lock, finished);
    callerAsleep.store(false, std::memory_order_relaxed);
  }
}

void WorkerPool::run(unsigned threads,
                     llvm::function_ref<void(unsigned)> work) {
  if (threads <= 1) {
    work(0);
    return;
  }
  std::lock_guard<std::mutex> call(callMutex);
  start(threads, /*helped=*/false, work);
  waitUntil([&] { return pending.load(std::memory_order_acquire) == 0; });
}

void WorkerPool::runHelped(unsigned threads,
                           llvm::function_ref<void(unsigned)> work) {
  if (threads <= 1) {
    work(0);
    return;
  }
  std::lock_guard<std::mutex> call(callMutex);
  start(threads, /*helped=*/true, work);
  // No helper enters after this; wait for those inside.
  gate.fetch_or(kClosed, std::memory_order_acq_rel);
  waitUntil([&] {
    return (gate.load(std::memory_order_acquire) & kInsideMask) == 0;
  });
}
