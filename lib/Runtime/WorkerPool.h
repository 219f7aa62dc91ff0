//===- WorkerPool.h - Persistent threads for the kernels --------*- C++ -*-===//
//
// Internal to lib/Runtime. Starting a std::thread per call costs tens of
// microseconds, as much as a whole small layer; the pool's threads stay
// alive. Waking a sleeping thread costs tens of microseconds as well (a futex
// wake, and in a VM an interrupt to a halted vCPU), so workers and the caller
// spin for a short while (kSpinMicros) before they sleep: back-to-back layer
// calls then never sleep.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_LIB_RUNTIME_WORKERPOOL_H
#define EIE_LIB_RUNTIME_WORKERPOOL_H

#include "llvm/ADT/STLFunctionalExtras.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace eie::runtime::detail {

class WorkerPool {
public:
  /// The process-wide pool.
  static WorkerPool &get();
  ~WorkerPool();

  /// Runs work(t) for t in [0, threads): t = 0 on the caller, the others on
  /// pool threads (started on first need); returns when all are done. Calls
  /// from several threads take turns.
  void run(unsigned threads, llvm::function_ref<void(unsigned)> work);

  /// How long a thread spins for a job or for the workers to finish before
  /// it sleeps.
  static constexpr unsigned kSpinMicros = 100;

private:
  void workerLoop(unsigned index);
  /// Spins, then sleeps, until the generation differs from seen or the pool
  /// stops; returns the new generation.
  uint64_t waitForJob(uint64_t seen);

  std::mutex callMutex; ///< one run() at a time
  std::mutex mutex;     ///< guards sleepers and the sleeping side of both waits
  std::condition_variable wake, done;
  std::vector<std::thread> workers;
  /// The job; written before generation is bumped, read after it is seen.
  llvm::function_ref<void(unsigned)> job;
  unsigned jobThreads = 0;
  std::atomic<uint64_t> generation{0};
  std::atomic<unsigned> pending{0};
  std::atomic<bool> stopping{false};
  unsigned sleepers = 0;
};

} // namespace eie::runtime::detail

#endif // EIE_LIB_RUNTIME_WORKERPOOL_H
