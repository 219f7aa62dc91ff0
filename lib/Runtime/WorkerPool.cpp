//===- WorkerPool.cpp - Persistent threads for the kernels ----------------===//

#include "WorkerPool.h"

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

void WorkerPool::workerLoop(unsigned index) {
  uint64_t seen = 0;
  std::unique_lock<std::mutex> lock(mutex);
  while (true) {
    wake.wait(lock, [&] { return stopping || generation != seen; });
    if (stopping)
      return;
    seen = generation;
    // Worker index runs thread number index + 1 of the job, if it has one.
    if (index + 1 >= jobThreads)
      continue;
    lock.unlock();
    job(index + 1);
    lock.lock();
    if (--pending == 0)
      done.notify_one();
  }
}

void WorkerPool::run(unsigned threads,
                     llvm::function_ref<void(unsigned)> work) {
  if (threads <= 1) {
    work(0);
    return;
  }
  std::lock_guard<std::mutex> call(callMutex);
  {
    std::lock_guard<std::mutex> lock(mutex);
    while (workers.size() + 1 < threads)
      workers.emplace_back(
          [this, i = unsigned(workers.size())] { workerLoop(i); });
    job = work;
    jobThreads = threads;
    pending = threads - 1;
    ++generation;
  }
  wake.notify_all();
  work(0);
  std::unique_lock<std::mutex> lock(mutex);
  done.wait(lock, [&] { return pending == 0; });
}
