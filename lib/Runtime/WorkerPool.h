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

#include <array>
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
  /// the call nothing, instead of the time until it is scheduled again. On
  /// Linux, a helper that sat out kMovedAfter calls in a row (then twice as
  /// many, and so on) is moved off the caller's CPU, where the scheduler may
  /// have left it waiting (moveIdleHelpers); and helpers that may run only
  /// on the caller's CPU take no part (from the first such on, by number):
  /// pool threads keep the allowed CPUs of the thread that started them,
  /// and a caller kept on one CPU would share it with them.
  void runHelped(unsigned threads, llvm::function_ref<void(unsigned)> work);

  /// How long a thread spins for a job or for the workers to finish before
  /// it sleeps.
  static constexpr unsigned kSpinMicros = 2000;

  /// Most threads a job may have.
  static constexpr unsigned kMaxThreads = 255;

  /// How many helped jobs in a row a helper sits out before runHelped first
  /// moves it off the caller's CPU.
  static constexpr unsigned kMovedAfter = 3;

private:
  /// Runs the jobs after the one whose word is seen.
  void workerLoop(unsigned index, uint64_t seen);
  /// Spins, then sleeps, until the job word differs from seen or the pool
  /// stops; returns the new word.
  uint64_t waitForJob(uint64_t seen);

  /// Publishes a job and runs work(0) on the caller; returns its word.
  uint64_t start(unsigned threads, bool helped,
                 llvm::function_ref<void(unsigned)> work);
  /// Waits, spinning then sleeping, until finished().
  template <typename Pred> void waitUntil(Pred finished);
  /// Called by a worker after it marked a job done: wakes the caller if it
  /// sleeps.
  void wakeCaller();
  /// How many of a helped job's threads to use: up to the first helper that
  /// may run only on the caller's CPU.
  unsigned helpersOffThisCpu(unsigned threads) const;
  /// After a helped job that some helper sat out (generation): counts the
  /// jobs each sat out in a row, and moves those whose count is kMovedAfter
  /// times a power of two off the caller's CPU.
  void moveIdleHelpers(unsigned threads, uint64_t generation);

  /// The job word packs a job's generation, whether helpers are optional
  /// and its thread count, so that a worker learns all three from one load.
  static constexpr unsigned kThreadBits = 8, kGenerationShift = 9;
  static constexpr uint64_t kHelpedBit = 1u << kThreadBits;
  static unsigned threadsOf(uint64_t word) {
    return unsigned(word & ((1u << kThreadBits) - 1));
  }
  static uint64_t generationOf(uint64_t word) {
    return word >> kGenerationShift;
  }

  /// What every call reads, on one cache line: the caller writes it once to
  /// publish a job, and a worker fetches it once to learn the job and
  /// whether it may still enter, and spins on it between jobs. Workers write
  /// it only to go to sleep, the caller only then, to close a helped job and
  /// to stop the pool. Before, a gate that each helper entered and left by a
  /// read-modify-write took a line across the cores at both ends of every
  /// call; without it, two threads kept 0.89-0.93 of the best split of the
  /// work on VGG-7's and Alex-7's shapes, against 0.87-0.92 (Zen 5 VM, lines
  /// 450-500 ns apart). The stop flag is here too: on the line of callMutex,
  /// which the caller locks at every call, the workers' spin took that line
  /// from it at every call (1024 x 1024 panels on two threads 8% slower).
  struct alignas(64) JobLine {
    /// The job; written before the job word is published, read only by its
    /// participants after they loaded that word.
    llvm::function_ref<void(unsigned)> job;
    std::atomic<uint64_t> word{0};
    /// The last helped job's generation that the caller closed: it
    /// finished its own work before some helper entered, and a helper that
    /// sees its job closed leaves it without touching it.
    std::atomic<uint64_t> closed{0};
    std::atomic<unsigned> sleepers{0};     ///< workers asleep on wake
    std::atomic<bool> callerAsleep{false}; ///< the caller asleep on done
    std::atomic<bool> stopping{false};
  };
  /// A worker's record of the jobs it took part in, on a line of its own,
  /// which only it writes: the caller learns from one line per helper
  /// whether it entered a helped job and when it finished.
  struct alignas(64) WorkerState {
    std::atomic<uint64_t> entered{0}; ///< the last helped job it entered
    std::atomic<uint64_t> done{0};    ///< the last job it finished or left
  };

  JobLine line;
  std::array<WorkerState, kMaxThreads - 1> states;
  std::mutex callMutex; ///< one run() at a time
  /// Per helper, how many jobs in a row it sat out, and the generation of
  /// the last. Guarded by callMutex.
  std::array<uint64_t, kMaxThreads - 1> satOut{}, lastSatOut{};
  /// Per helper, the only CPU it may run on, or -1 (several); set when it
  /// is started, from the starting thread's allowed CPUs, which it keeps.
  /// Guarded by callMutex, as is whether any helper has one.
  std::array<int, kMaxThreads - 1> onlyCpu{};
  bool anyOnOneCpu = false;
  /// Guards the sleeping side of both waits and the workers' creation. A
  /// call takes it only to wake sleepers or to sleep. Taken at every call
  /// (to publish the job) and by the last worker out (to wake a caller that
  /// only spun), its line moved between the cores at each call: small
  /// layers' two-thread calls ran 2-3% slower (1024 x 1024 and 2048 x 2048
  /// panels, Zen 5 VM).
  std::mutex mutex;
  std::condition_variable wake, done;
  std::vector<std::thread> workers;
};

} // namespace eie::runtime::detail

#endif // EIE_LIB_RUNTIME_WORKERPOOL_H
