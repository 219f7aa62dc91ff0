//===- WorkerPool.h - Persistent threads for the kernels --------*- C++ -*-===//
//
// Internal to lib/Runtime. Starting a std::thread per call costs tens of
// microseconds, as much as a whole small layer; the pool's threads stay
// alive. Waking a sleeping thread costs tens to hundreds of microseconds as
// well (a futex wake, and in a VM an interrupt to a halted vCPU: about 200 us
// on the 2-vCPU Zen 5 VM of docs/CompressedFormat.md), so workers and the
// caller spin for a while (kSpinMicros) before they sleep: back-to-back
// layer calls then never sleep. The spin must outlast a wake: with 100 us,
// each side's slow wake made the other fall asleep, and every call of that
// VM's benchmark paid two wakes (two threads 0.1x one thread).
//
//===----------------------------------------------------------------------===//

#ifndef EIE_LIB_RUNTIME_WORKERPOOL_H
#define EIE_LIB_RUNTIME_WORKERPOOL_H

#include "llvm/ADT/STLFunctionalExtras.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace eie::runtime::detail {

/// spinUntil's deadline for a wait that ends only when its condition holds.
constexpr unsigned kNoDeadline = 0;

/// Spins until done() or `micros` pass (never, with kNoDeadline); returns
/// done(). After the first 50 us the spin yields the CPU between checks: on
/// a machine with more runnable threads than CPUs, a spinning thread may
/// share the CPU of the thread it waits for, and taking that thread's time
/// for the whole spin made two threads slower than one.
template <typename Pred> bool spinUntil(Pred done, unsigned micros) {
  using Clock = std::chrono::steady_clock;
  constexpr unsigned kPauseMicros = 50;
  const Clock::time_point start = Clock::now(),
                          yieldFrom =
                              start + std::chrono::microseconds(kPauseMicros),
                          end = start + std::chrono::microseconds(micros);
  while (true) {
    for (unsigned i = 0; i < 64; ++i) {
      if (done())
        return true;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
    Clock::time_point now = Clock::now();
    if (micros != kNoDeadline && now >= end)
      return done();
    if (now >= yieldFrom)
      std::this_thread::yield();
  }
}

class WorkerPool {
public:
  /// The process-wide pool.
  static WorkerPool &get();
  ~WorkerPool();

  /// Runs work(t) for t in [0, threads): t = 0 on the caller, the others on
  /// pool threads (started on first need); returns when all are done. Calls
  /// from several threads take turns.
  void run(unsigned threads, llvm::function_ref<void(unsigned)> work);

  /// As run(), but a pool thread that has not begun work(t) when the
  /// caller's work(0) returns sits the call out. For work that threads claim
  /// piece by piece (an atomic counter) until none is left: on a machine
  /// busy with other processes, a helper that is not scheduled then costs
  /// the call nothing, instead of the time until it is scheduled again.
  void runHelped(unsigned threads, llvm::function_ref<void(unsigned)> work);

  /// How long a thread spins for a job or for the workers to finish before
  /// it sleeps.
  static constexpr unsigned kSpinMicros = 2000;

  /// Most threads a job may have.
  static constexpr unsigned kMaxThreads = 255;

private:
  /// Runs the jobs after the one whose word is seen.
  void workerLoop(unsigned index, uint64_t seen);
  /// Spins, then sleeps, until the job word differs from seen or the pool
  /// stops; returns the new word.
  uint64_t waitForJob(uint64_t seen);

  /// Publishes a job and runs work(0) on the caller.
  void start(unsigned threads, bool helped,
             llvm::function_ref<void(unsigned)> work);
  /// Waits, spinning then sleeping, until finished().
  template <typename Pred> void waitUntil(Pred finished);
  /// Called by the last worker out of a job: wakes the caller if it sleeps.
  void wakeCaller();

  /// The job word packs a job's generation, whether helpers are optional
  /// and its thread count, so that a worker learns all three from one load.
  static constexpr unsigned kThreadBits = 8, kGenerationShift = 9;
  static constexpr uint64_t kHelpedBit = 1u << kThreadBits;
  static unsigned threadsOf(uint64_t word) {
    return unsigned(word & ((1u << kThreadBits) - 1));
  }
  /// Helped jobs: the helpers' gate packs the job's generation (low 32 bits,
  /// high half), whether the caller closed it (kClosed) and how many helpers
  /// are inside (the low bits). A helper enters only an open gate of its
  /// job's generation, so that one that wakes late never touches a later job.
  static constexpr uint64_t kClosed = 1u << 31, kInsideMask = kClosed - 1;
  static uint64_t gateOf(uint64_t word) {
    return (word >> kGenerationShift) << 32;
  }

  std::mutex callMutex; ///< one run() at a time
  /// Guards the sleeping side of both waits and the workers' creation. A
  /// call takes it only to wake sleepers or to sleep. Taken at every call
  /// (to publish the job) and by the last worker out (to wake a caller that
  /// only spun), its line moved between the cores at each call: small
  /// layers' two-thread calls ran 2-3% slower (1024 x 1024 and 2048 x 2048
  /// panels, Zen 5 VM).
  std::mutex mutex;
  std::condition_variable wake, done;
  std::vector<std::thread> workers;
  /// The job; written before the job word is published, read only by its
  /// participants after they loaded that word.
  llvm::function_ref<void(unsigned)> job;
  std::atomic<uint64_t> jobWord{0};
  std::atomic<unsigned> pending{0}; ///< run(): helpers still to finish
  std::atomic<uint64_t> gate{0};    ///< runHelped(): see gateOf
  std::atomic<bool> stopping{false};
  std::atomic<unsigned> sleepers{0};     ///< workers asleep on wake
  std::atomic<bool> callerAsleep{false}; ///< the caller asleep on done
};

} // namespace eie::runtime::detail

#endif // EIE_LIB_RUNTIME_WORKERPOOL_H
