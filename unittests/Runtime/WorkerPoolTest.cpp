//===- WorkerPoolTest.cpp - Tests of the kernels' thread pool -------------===//

#include "WorkerPool.h"

#include "gtest/gtest.h"

#include <array>
#include <atomic>
#include <chrono>
#include <thread>

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

TEST(WorkerPool, HelpedCallsDoEveryPieceOnce) {
  // Helped calls, where threads claim pieces from a counter and helpers that
  // start late sit the call out, mixed with plain ones: a late helper must
  // never enter a later call, nor the caller return while one is inside.
  const std::array<unsigned, 6> counts = {2, 4, 1, 3, 2, 5};
  for (unsigned call = 0; call < 5000; ++call) {
    unsigned threads = counts[call % counts.size()];
    std::array<std::atomic<unsigned>, 64> done{};
    std::atomic<unsigned> next{0};
    WorkerPool::get().runHelped(threads, [&](unsigned) {
      for (unsigned i; (i = next.fetch_add(1)) < done.size();)
        ++done[i];
    });
    for (unsigned i = 0; i < done.size(); ++i)
      ASSERT_EQ(done[i].load(), 1u) << "call " << call << ", piece " << i;
    if (call % 3 == 0) {
      std::array<std::atomic<unsigned>, 8> ran{};
      WorkerPool::get().run(threads, [&](unsigned t) { ++ran[t]; });
      for (unsigned t = 0; t < ran.size(); ++t)
        ASSERT_EQ(ran[t].load(), t < threads ? 1u : 0u) << "call " << call;
    }
  }
}

TEST(WorkerPool, SleepingWorkersAndCallersWake) {
  // Calls further apart than the workers spin, so that they sleep and the
  // next call must wake them; and helpers that work for longer than the
  // caller spins, so that it sleeps and a helper that finishes must wake it.
  // Neither side takes the mutex when the other only spins, so a wake-up
  // lost between them would hang here.
  const auto pause = std::chrono::microseconds(WorkerPool::kSpinMicros * 2);
  for (unsigned call = 0; call < 12; ++call) {
    const unsigned threads = 2 + call % 3;
    const bool helped = call % 2 == 1, slowHelpers = call % 4 >= 2;
    std::this_thread::sleep_for(pause);
    std::array<std::atomic<unsigned>, 8> ran{};
    auto work = [&](unsigned t) {
      if (t != 0 && slowHelpers)
        std::this_thread::sleep_for(pause);
      ++ran[t];
    };
    if (helped)
      WorkerPool::get().runHelped(threads, work);
    else
      WorkerPool::get().run(threads, work);
    for (unsigned t = 0; t < ran.size(); ++t) {
      // A helped call's helpers may sit it out; the others run once.
      if (helped && t != 0 && t < threads)
        ASSERT_LE(ran[t].load(), 1u) << "call " << call << ", thread " << t;
      else
        ASSERT_EQ(ran[t].load(), t < threads ? 1u : 0u)
            << "call " << call << ", thread " << t;
    }
  }
}
