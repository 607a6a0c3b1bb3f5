// libFuzzer front end for a SharpFuzz-instrumented .NET harness (tests/fuzz/MindMuscle.Live.Fuzz).
//
// libFuzzer owns the loop and the corpus; the .NET process owns the code under test. They talk the way SharpFuzz's
// Fuzzer.LibFuzzer.Run expects:
//   * one System V shared memory segment: 64 KiB edge-hit map, followed by up to 1 MiB of input bytes;
//   * its id in __LIBFUZZER_SHM_ID, a control pipe fd (driver -> .NET: 4-byte input length) in
//     __LIBFUZZER_CONTROL_PIPE_ID and a status pipe fd (.NET -> driver: 4-byte status, 0 = ok) in
//     __LIBFUZZER_STATUS_PIPE_ID;
//   * .NET writes one status when it is ready, then one per input.
// After each input the edge map is copied into libFuzzer's extra-counters section, so the managed code's coverage
// steers mutation. A non-zero status (an exception escaped the harness) becomes a trap, which libFuzzer records as a
// crash with the input that caused it.
//
// Build: clang-14 -O1 -fsanitize=fuzzer mml_libfuzzer_driver.cc -o mml-libfuzzer-driver
// Run:   MML_FUZZ_COMMAND="dotnet /path/MindMuscle.Live.Fuzz.dll HeartRate" ./mml-libfuzzer-driver -runs=1000000 corpus/

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

constexpr size_t kEdgeMapBytes = 1u << 16;
constexpr size_t kMaxInputBytes = 1u << 20;
constexpr int kControlFd = 198;
constexpr int kStatusFd = 199;

int g_control = -1;   // we write input lengths here
int g_status = -1;    // we read statuses here
int g_shm_id = -1;
uint8_t *g_shared = nullptr;
pid_t g_child = -1;

[[noreturn]] void Fail(const char *what) {
  std::fprintf(stderr, "mml-libfuzzer-driver: %s: %s\n", what, errno ? std::strerror(errno) : "unexpected");
  std::exit(1);
}

void Cleanup() {
  if (g_shm_id >= 0) shmctl(g_shm_id, IPC_RMID, nullptr);
  if (g_child > 0) {
    kill(g_child, SIGKILL);
    waitpid(g_child, nullptr, 0);
  }
}

std::vector<std::string> SplitCommand(const char *command) {
  std::vector<std::string> words;
  std::string word;
  for (const char *p = command; *p; ++p) {
    if (*p == ' ') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word.push_back(*p);
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

void WriteAll(int fd, const void *data, size_t size) {
  const auto *bytes = static_cast<const uint8_t *>(data);
  while (size > 0) {
    ssize_t n = write(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) Fail("write to the .NET harness");
    bytes += n;
    size -= static_cast<size_t>(n);
  }
}

// Returns false when the harness closed its end (it died).
bool ReadStatus(int32_t *status) {
  auto *bytes = reinterpret_cast<uint8_t *>(status);
  size_t got = 0;
  while (got < sizeof(*status)) {
    ssize_t n = read(g_status, bytes + got, sizeof(*status) - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) Fail("read from the .NET harness");
    if (n == 0) return false;
    got += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

// libFuzzer folds this section into its feature set next to its own counters.
extern "C" {
__attribute__((used, section("__libfuzzer_extra_counters"))) uint8_t mml_dotnet_edges[kEdgeMapBytes];
}

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  const char *command = std::getenv("MML_FUZZ_COMMAND");
  if (!command || !*command) {
    std::fprintf(stderr, "mml-libfuzzer-driver: set MML_FUZZ_COMMAND to the harness command line\n");
    std::exit(2);
  }

  int control[2];
  int status[2];
  if (pipe(control) != 0 || pipe(status) != 0) Fail("pipe");

  g_shm_id = shmget(IPC_PRIVATE, kEdgeMapBytes + kMaxInputBytes, IPC_CREAT | IPC_EXCL | 0600);
  if (g_shm_id < 0) Fail("shmget");
  std::atexit(Cleanup);
  void *shared = shmat(g_shm_id, nullptr, 0);
  if (shared == reinterpret_cast<void *>(-1)) Fail("shmat");
  g_shared = static_cast<uint8_t *>(shared);

  g_child = fork();
  if (g_child < 0) Fail("fork");
  if (g_child == 0) {
    if (dup2(control[0], kControlFd) < 0 || dup2(status[1], kStatusFd) < 0) Fail("dup2");
    close(control[0]);
    close(control[1]);
    close(status[0]);
    close(status[1]);
    setenv("__LIBFUZZER_SHM_ID", std::to_string(g_shm_id).c_str(), 1);
    setenv("__LIBFUZZER_CONTROL_PIPE_ID", std::to_string(kControlFd).c_str(), 1);
    setenv("__LIBFUZZER_STATUS_PIPE_ID", std::to_string(kStatusFd).c_str(), 1);

    std::vector<std::string> words = SplitCommand(command);
    std::vector<char *> argv;
    for (auto &w : words) argv.push_back(&w[0]);
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    Fail("exec of MML_FUZZ_COMMAND");
  }

  close(control[0]);
  close(status[1]);
  g_control = control[1];
  g_status = status[0];

  int32_t ready = 0;
  if (!ReadStatus(&ready)) {
    errno = 0;
    Fail("the .NET harness exited before it was ready");
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > kMaxInputBytes) return 0;  // -max_len keeps inputs far below this; never reached in practice

  std::memset(g_shared, 0, kEdgeMapBytes);
  std::memcpy(g_shared + kEdgeMapBytes, data, size);
  int32_t length = static_cast<int32_t>(size);
  WriteAll(g_control, &length, sizeof(length));

  int32_t status = 0;
  if (!ReadStatus(&status)) {
    errno = 0;
    Fail("the .NET harness died on this input");
  }
  std::memcpy(mml_dotnet_edges, g_shared, kEdgeMapBytes);

  if (status != 0) __builtin_trap();  // an exception escaped: libFuzzer saves the input as a crash
  return 0;
}
