//===- WorkerPoolTest.cpp - Tests of the kernels' thread pool -------------===//

#include "WorkerPool.h"

#include "gtest/gtest.h"

#include <array>
#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#ifdef __linux__
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

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

#ifdef __linux__
/// The CPU whose run queue thread tid of this process is on (field 39 of
/// its /proc stat line), or -1.
static int cpuOfThread(long tid) {
  std::ifstream stat("/proc/self/task/" + std::to_string(tid) + "/stat");
  std::string line;
  std::getline(stat, line);
  const size_t comm = line.rfind(')');
  if (comm == std::string::npos)
    return -1;
  // The fields after the command name start at field 3.
  std::istringstream fields(line.substr(comm + 1));
  std::string field;
  for (int i = 3; i <= 39 && fields >> field; ++i)
    if (i == 39)
      return std::stoi(field);
  return -1;
}

/// Non-fatal: a failed assertion would return while the test's busy thread
/// still runs, and end the process at its destruction.
static void keepOn(pthread_t thread, const cpu_set_t &cpus) {
  EXPECT_EQ(pthread_setaffinity_np(thread, sizeof(cpus), &cpus), 0);
}

/// The first two CPUs in allowed, -1 for those it lacks.
static std::array<int, 2> firstTwoCpus(const cpu_set_t &allowed) {
  std::array<int, 2> cpus = {-1, -1};
  for (int c = 0, n = 0; c < CPU_SETSIZE && n < 2; ++c)
    if (CPU_ISSET(c, &allowed))
      cpus[n++] = c;
  return cpus;
}

/// The set of cpu alone.
static cpu_set_t onlyCpu(int cpu) {
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  return one;
}

/// Runs a two-thread helped call whose own work waits (yielding its CPU)
/// up to `patience` for the helper's; returns whether the helper's ran.
static bool helperRan(std::chrono::milliseconds patience) {
  std::atomic<bool> ran{false};
  WorkerPool::get().runHelped(2, [&](unsigned t) {
    if (t == 1) {
      ran = true;
      return;
    }
    const auto until = std::chrono::steady_clock::now() + patience;
    while (!ran.load() && std::chrono::steady_clock::now() < until)
      std::this_thread::yield();
  });
  return ran.load();
}

TEST(WorkerPool, HelpersKeptOnTheCallersCpuTakeNoPart) {
  // Pool threads keep the allowed CPUs of the thread that started them. A
  // caller kept on one CPU when it started the pool has helpers that may
  // run only there: a call from that CPU must not use them (they would
  // take its time), and a call from another CPU still does. In a process of
  // its own, so that this caller starts the pool.
  cpu_set_t allowed;
  ASSERT_EQ(sched_getaffinity(0, sizeof(allowed), &allowed), 0);
  const std::array<int, 2> cpus = firstTwoCpus(allowed);
  if (cpus[1] < 0)
    GTEST_SKIP() << "needs two CPUs, this process may use one";
  const std::string style = GTEST_FLAG_GET(death_test_style);
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  auto keptOn = [](int cpu) {
    const cpu_set_t one = onlyCpu(cpu);
    return pthread_setaffinity_np(pthread_self(), sizeof(one), &one) == 0;
  };
  // Exit codes: 0 as expected, 1 a helper ran on the caller's CPU, 2 none
  // ran from the other CPU, 3 no pinning.
  EXPECT_EXIT(
      {
        if (!keptOn(cpus[0]))
          std::_Exit(3);
        helperRan(std::chrono::milliseconds(0)); // starts the pool
        for (int call = 0; call < 5; ++call)
          if (helperRan(std::chrono::milliseconds(50)))
            std::_Exit(1);
        if (!keptOn(cpus[1]))
          std::_Exit(3);
        std::_Exit(helperRan(std::chrono::seconds(2)) ? 0 : 2);
      },
      testing::ExitedWithCode(0), "");
  GTEST_FLAG_SET(death_test_style, style);
}

TEST(WorkerPool, HelperThatSatOutIsMovedOffTheCallersCpu) {
  // The scheduler may leave a helper waiting on its caller's CPU (it did
  // after OpenMP regions), where it never runs while the caller works: a
  // helped call it sits out must move it elsewhere. The helper is put there
  // by hand, with the other CPU kept busy so that the scheduler's balancing
  // does not move it first. Calls it sits out now and then, late for a
  // short one, do not move it; kMovedAfter in a row do.
  cpu_set_t allowed;
  ASSERT_EQ(sched_getaffinity(0, sizeof(allowed), &allowed), 0);
  const std::array<int, 2> cpus = firstTwoCpus(allowed);
  if (cpus[1] < 0)
    GTEST_SKIP() << "needs two CPUs, this process may use one";
  const cpu_set_t first = onlyCpu(cpus[0]), second = onlyCpu(cpus[1]);
  std::atomic<bool> stop{false};
  std::thread busy([&] {
    keepOn(pthread_self(), second);
    while (!stop.load(std::memory_order_relaxed)) {
    }
  });
  keepOn(pthread_self(), first);
  // Attempts in which the helper sat all kMovedAfter calls out.
  unsigned checked = 0;
  for (unsigned attempt = 0; attempt < 20 && checked < 3; ++attempt) {
    // A helped call the helper enters (the caller waits for it), which
    // also tells which thread it is.
    std::atomic<long> tid{0};
    std::atomic<pthread_t> helper{};
    WorkerPool::get().runHelped(2, [&](unsigned t) {
      if (t == 1) {
        helper = pthread_self();
        tid = syscall(SYS_gettid);
        return;
      }
      const auto until =
          std::chrono::steady_clock::now() + std::chrono::seconds(1);
      while (!tid.load() && std::chrono::steady_clock::now() < until)
        std::this_thread::yield();
    });
    if (!tid.load())
      continue;
    // On the caller's CPU, then free to go anywhere again: it stays there.
    keepOn(helper.load(), first);
    keepOn(helper.load(), allowed);
    std::atomic<bool> entered{false};
    for (unsigned call = 0; call < WorkerPool::kMovedAfter; ++call)
      WorkerPool::get().runHelped(2, [&](unsigned t) {
        if (t == 1)
          entered = true;
      });
    if (entered.load())
      continue; // the caller was preempted and the helper ran: try again
    ++checked;
    const int where = cpuOfThread(tid.load());
    EXPECT_GE(where, 0) << "no CPU in /proc/self/task/" << tid.load()
                        << "/stat";
    EXPECT_NE(where, cpus[0])
        << "attempt " << attempt << ": the helper sat the calls out and is "
        << "still on the caller's CPU";
  }
  stop = true;
  busy.join();
  keepOn(pthread_self(), allowed);
  EXPECT_GT(checked, 0u) << "the helper never sat the calls out";
}
#endif
