// One helper thread beside the caller: this app's worker runs on two cores, and a matmul split
// into two fixed halves needs exactly one extra thread. Created on first use and never destroyed
// (joining at process exit would race Node's own teardown).
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace fts {

class Pool {
 public:
  static Pool& instance() {
    static Pool* pool = new Pool();  // leaked on purpose: see above
    return *pool;
  }

  // Runs `helperTask` on the helper thread and `mainTask` on the caller, returning when both are
  // done. Returns false without running anything when another caller is using the helper.
  bool tryRun(const std::function<void()>& helperTask, const std::function<void()>& mainTask) {
    std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
    if (!busy.owns_lock()) return false;
    {
      std::lock_guard<std::mutex> lock(m_);
      task_ = &helperTask;
      done_.store(false, std::memory_order_relaxed);
      generation_.fetch_add(1, std::memory_order_release);
    }
    cv_.notify_one();
    mainTask();
    // The halves are about equal, so the helper is usually finishing too: spin rather than sleep.
    while (!done_.load(std::memory_order_acquire)) std::this_thread::yield();
    return true;
  }

 private:
  Pool() : thread_([this] { loop(); }) { thread_.detach(); }

  void loop() {
    unsigned long seen = 0;
    for (;;) {
      const std::function<void()>* task;
      {
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait(lock, [&] { return generation_.load(std::memory_order_relaxed) != seen; });
        seen = generation_.load(std::memory_order_relaxed);
        task = task_;
      }
      (*task)();
      done_.store(true, std::memory_order_release);
    }
  }

  std::mutex busy_;  // one caller at a time owns the helper
  std::mutex m_;
  std::condition_variable cv_;
  std::atomic<unsigned long> generation_{0};
  const std::function<void()>* task_ = nullptr;
  std::atomic<bool> done_{true};
  std::thread thread_;
};

}  // namespace fts
