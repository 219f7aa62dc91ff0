//===- WorkerPoolTest.cpp - Tests of the kernels' thread pool -------------===//

#include "WorkerPool.h"

#include "gtest/gtest.h"

#include <array>
#include <atomic>

using namespace eie::runtime::detail;

TEST(WorkerPool, EveryThreadNumberRunsOncePerCall) {
  // Thread counts that go up and down, so that some workers sit calls out:
  // a worker must decide from the call it saw, not from a later one's
  // fields (it once could run a later call's share twice, and the caller
  // could return while another worker still ran). Run under ThreadSanitizer
  // to see the races themselves.
  const std::array<unsigned, 6> counts = {4, 2, 3, 1, 5, 2};
  for (unsigned call = 0; call < 5000; ++call) {
    unsigned threads = counts[call % counts.size()];
    std::array<std::atomic<unsigned>, 8> ran{};
    WorkerPool::get().run(threads, [&](unsigned t) { ++ran[t]; });
    for (unsigned t = 0; t < ran.size(); ++t)
      ASSERT_EQ(ran[t].load(), t < threads ? 1u : 0u)
          << "call " << call << ", " << threads << " threads, thread " << t;
  }
}
