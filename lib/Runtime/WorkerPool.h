//===- WorkerPool.h - Persistent threads for the kernels --------*- C++ -*-===//
//
// Internal to lib/Runtime. Starting a std::thread per call costs tens of
// microseconds, as much as a whole small layer; the pool's threads stay
// alive and are woken per call.
//
//===----------------------------------------------------------------------===//

#ifndef EIE_LIB_RUNTIME_WORKERPOOL_H
#define EIE_LIB_RUNTIME_WORKERPOOL_H

#include "llvm/ADT/STLFunctionalExtras.h"

#include <condition_variable>
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

private:
  void workerLoop(unsigned index);

  std::mutex callMutex; ///< one run() at a time
  std::mutex mutex;
  std::condition_variable wake, done;
  std::vector<std::thread> workers;
  llvm::function_ref<void(unsigned)> job;
  unsigned jobThreads = 0;
  unsigned pending = 0;
  uint64_t generation = 0;
  bool stopping = false;
};

} // namespace eie::runtime::detail

#endif // EIE_LIB_RUNTIME_WORKERPOOL_H
