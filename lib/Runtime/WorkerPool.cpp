//===- WorkerPool.cpp - Persistent threads for the kernels ----------------===//

#include "WorkerPool.h"

#include "llvm/Support/MathExtras.h"

#include <cassert>

#ifdef __linux__
#include <pthread.h>
#include <sched.h>
#endif

using namespace eie::runtime::detail;

WorkerPool &WorkerPool::get() {
  static WorkerPool pool;
  return pool;
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mutex);
    line.stopping = true;
  }
  wake.notify_all();
  for (std::thread &t : workers)
    t.join();
}

uint64_t WorkerPool::waitForJob(uint64_t seen) {
  auto ready = [&] {
    return line.stopping.load(std::memory_order_acquire) ||
           line.word.load(std::memory_order_acquire) != seen;
  };
  if (!spinUntil(ready, kSpinMicros)) {
    std::unique_lock<std::mutex> lock(mutex);
    // Counted before wait's last look at the job word; start() publishes
    // the word before it reads the count (fences on both sides): one of the
    // two sees the other's write, so a job is never published unseen.
    line.sleepers.fetch_add(1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    wake.wait(lock, ready);
    line.sleepers.fetch_sub(1, std::memory_order_relaxed);
  }
  return line.word.load(std::memory_order_acquire);
}

void WorkerPool::wakeCaller() {
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (!line.callerAsleep.load(std::memory_order_relaxed))
    return;
  std::lock_guard<std::mutex> lock(mutex);
  done.notify_one();
}

void WorkerPool::workerLoop(unsigned index, uint64_t seen) {
  WorkerState &state = states[index];
  while (true) {
    seen = waitForJob(seen);
    if (line.stopping.load(std::memory_order_acquire))
      return;
    // Worker index runs thread number index + 1 of the job, if the job has
    // one: decided from the word it saw, never from fields the next job
    // may already have rewritten. Only participants read job, and the
    // caller cannot start the next job before they all have finished.
    if (index + 1 >= threadsOf(seen))
      continue;
    const uint64_t generation = generationOf(seen);
    bool enter = true;
    if (seen & kHelpedBit) {
      // Says it entered, then looks whether the caller closed the job; the
      // caller closes it, then looks whether it entered (fences on both
      // sides): one of the two sees the other's write. A job closed before
      // this helper saw it, or a later job closed since, means the caller
      // may have moved on: it leaves without reading job.
      state.entered.store(generation, std::memory_order_relaxed);
      std::atomic_thread_fence(std::memory_order_seq_cst);
      enter = line.closed.load(std::memory_order_relaxed) < generation;
    }
    if (enter)
      line.job(index + 1);
    state.done.store(generation, std::memory_order_release);
    wakeCaller();
  }
}

uint64_t WorkerPool::start(unsigned threads, bool helped,
                           llvm::function_ref<void(unsigned)> work) {
  assert(threads <= kMaxThreads && "more threads than the job word holds");
  const uint64_t current = line.word.load(std::memory_order_relaxed);
  if (workers.size() + 1 < threads) {
    // The CPU new workers are kept on, if only one: they keep the caller's
    // allowed CPUs.
    int only = -1;
#ifdef __linux__
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0 &&
        CPU_COUNT(&allowed) == 1)
      for (int c = 0; c < CPU_SETSIZE && only < 0; ++c)
        if (CPU_ISSET(c, &allowed))
          only = c;
#endif
    std::lock_guard<std::mutex> lock(mutex);
    // A new worker waits for the job after the current word.
    while (workers.size() + 1 < threads) {
      onlyCpu[workers.size()] = only;
      anyOnOneCpu |= only >= 0;
      workers.emplace_back([this, i = unsigned(workers.size()), current] {
        workerLoop(i, current);
      });
    }
  }
  line.job = work;
  const uint64_t word = (generationOf(current) + 1) << kGenerationShift |
                        (helped ? kHelpedBit : 0) | threads;
  line.word.store(word, std::memory_order_release);
  // Sleeping workers are woken under the mutex they wait on (waitForJob).
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (line.sleepers.load(std::memory_order_relaxed)) {
    std::lock_guard<std::mutex> lock(mutex);
    wake.notify_all();
  }
  work(0);
  return word;
}

template <typename Pred> void WorkerPool::waitUntil(Pred finished) {
  if (!spinUntil(finished, kSpinMicros)) {
    std::unique_lock<std::mutex> lock(mutex);
    // Set before wait's last look at finished(); a worker reads it after
    // marking its job done (wakeCaller, fences on both sides).
    line.callerAsleep.store(true, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    done.wait(lock, finished);
    line.callerAsleep.store(false, std::memory_order_relaxed);
  }
}

void WorkerPool::run(unsigned threads,
                     llvm::function_ref<void(unsigned)> work) {
  if (threads <= 1) {
    work(0);
    return;
  }
  std::lock_guard<std::mutex> call(callMutex);
  const uint64_t generation = generationOf(start(threads, false, work));
  waitUntil([&] {
    for (unsigned i = 0; i + 1 < threads; ++i)
      if (states[i].done.load(std::memory_order_acquire) != generation)
        return false;
    return true;
  });
}

void WorkerPool::runHelped(unsigned threads,
                           llvm::function_ref<void(unsigned)> work) {
  std::unique_lock<std::mutex> call(callMutex, std::defer_lock);
  if (threads > 1) {
    call.lock();
    threads = helpersOffThisCpu(threads);
  }
  if (threads <= 1) {
    if (call.owns_lock())
      call.unlock();
    work(0);
    return;
  }
  const uint64_t generation = generationOf(start(threads, true, work));
  // A helper that has finished, or is inside, costs one look at its line;
  // the job is closed only when one has not entered yet.
  bool closed = false;
  waitUntil([&] {
    for (unsigned i = 0; i + 1 < threads; ++i) {
      const WorkerState &state = states[i];
      if (state.done.load(std::memory_order_acquire) == generation)
        continue;
      if (state.entered.load(std::memory_order_acquire) == generation)
        return false;
      if (!closed) {
        line.closed.store(generation, std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_seq_cst);
        closed = true;
      }
      // Entered before it could see the job closed: wait for it to finish.
      if (state.entered.load(std::memory_order_acquire) == generation)
        return false;
    }
    return true;
  });
  if (closed)
    moveIdleHelpers(threads, generation);
}

unsigned WorkerPool::helpersOffThisCpu(unsigned threads) const {
#ifdef __linux__
  // A helper kept on the caller's CPU runs only when the caller does not:
  // each call it took part in, or spun waiting for, took the caller's time.
  // VGG-7's 32 x 2 panels from a caller kept on one CPU (which started the
  // pool) took 67-77 us on two threads against 51-72 on one (Zen 5 VM).
  if (!anyOnOneCpu)
    return threads;
  const int here = sched_getcpu();
  for (unsigned i = 0; here >= 0 && i + 1 < threads; ++i)
    if (onlyCpu[i] == here)
      return i + 1;
#endif
  return threads;
}

void WorkerPool::moveIdleHelpers(unsigned threads, uint64_t generation) {
#ifdef __linux__
  // A helper that sat a job out may wait on the caller's own CPU, where it
  // runs only when the caller does not. The scheduler puts it there when
  // another thread holds its CPU, and may leave it there long after: right
  // after an OpenMP parallel region on both CPUs (LLVM's libomp), the
  // helper of two-thread calls of VGG-7's 32 x 2 panels entered 317-740 of
  // 800, and the calls took 34-72 us against 30-38 without the region; with
  // the helper moved, 32-41 (Zen 5 VM, alternating processes). Moving it is
  // two affinity changes (its allowed CPUs without the caller's, then all of
  // them again: it stays where the first put it); a helper that is
  // elsewhere, or asleep, stays where it is. Only after kMovedAfter jobs in
  // a row, then after twice as many each time: a helper late for a short
  // call is no sign of where it waits, and the changes cost microseconds
  // (moved after every call it sat out, 1024 x 1024 panels on two threads
  // ran 1% slower); on a machine busy with other work, a helper may sit
  // many calls out wherever it is.
  int here = -1;
  for (unsigned i = 0; i + 1 < threads; ++i) {
    // Entered, or came late, saw the job closed and left: it runs.
    if (states[i].entered.load(std::memory_order_relaxed) == generation)
      continue;
    // Counted from the helped job before this one (a job it took part in
    // since breaks the row).
    if (lastSatOut[i] + 1 != generation)
      satOut[i] = 0;
    lastSatOut[i] = generation;
    if (++satOut[i] % kMovedAfter != 0 ||
        !llvm::isPowerOf2_64(satOut[i] / kMovedAfter))
      continue;
    if (here < 0 && (here = sched_getcpu()) < 0)
      return;
    const pthread_t helper = workers[i].native_handle();
    cpu_set_t allowed;
    if (pthread_getaffinity_np(helper, sizeof(allowed), &allowed) != 0 ||
        !CPU_ISSET(here, &allowed) || CPU_COUNT(&allowed) < 2)
      continue;
    cpu_set_t elsewhere = allowed;
    CPU_CLR(here, &elsewhere);
    if (pthread_setaffinity_np(helper, sizeof(elsewhere), &elsewhere) == 0)
      pthread_setaffinity_np(helper, sizeof(allowed), &allowed);
  }
#else
  (void)threads;
  (void)generation;
#endif
}
