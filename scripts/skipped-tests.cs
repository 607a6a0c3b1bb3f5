// Lists the tests a run skipped, from the TRX files scripts/test.sh asks every test project to write, and decides
// whether that is acceptable: in CI a skip means a real part (redis-server, PostgreSQL, nginx, a build) was missing and
// its tests did not run, so it fails the run; only opt-in long tests (their reason names MML_LONG_TESTS) may skip.
//
//   dotnet run --file scripts/skipped-tests.cs -- RESULTS_DIR [--ci]
//
// Exit 0: nothing skipped, or skips allowed here (outside CI, or long tests only); 1: a skip CI does not accept;
// 2: no TRX file found (the run produced no results to judge).
using System.Xml.Linq;

const string LongTestsSwitch = "MML_LONG_TESTS";
XNamespace trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

if (args.Length is < 1 or > 2 || (args.Length == 2 && args[1] != "--ci"))
{
    Console.Error.WriteLine("usage: dotnet run --file scripts/skipped-tests.cs -- RESULTS_DIR [--ci]");
    return 2;
}

var ci = args.Length == 2;
var files = Directory.Exists(args[0]) ? Directory.GetFiles(args[0], "*.trx", SearchOption.AllDirectories) : [];
if (files.Length == 0)
{
    Console.Error.WriteLine($"tests: no TRX results in {args[0]}: cannot tell which tests were skipped");
    return 2;
}

var skipped = files
    .SelectMany(file => XDocument.Load(file).Descendants(trx + "UnitTestResult"))
    .Where(result => (string?)result.Attribute("outcome") == "NotExecuted")
    .Select(result => (
        Test: (string?)result.Attribute("testName") ?? "?",
        Reason: result.Element(trx + "Output")?.Element(trx + "ErrorInfo")?.Element(trx + "Message")?.Value.Trim() is { Length: > 0 } reason
            ? reason
            : "(no reason given)"))
    .OrderBy(s => s.Reason, StringComparer.Ordinal).ThenBy(s => s.Test, StringComparer.Ordinal)
    .ToArray();

if (skipped.Length == 0)
{
    Console.WriteLine("tests: none skipped");
    return 0;
}

var optIn = skipped.Where(s => s.Reason.Contains(LongTestsSwitch, StringComparison.Ordinal)).ToArray();
var missing = skipped.Except(optIn).ToArray();

Console.WriteLine();
Console.WriteLine($"tests: {skipped.Length} skipped");
foreach (var group in skipped.GroupBy(s => s.Reason, StringComparer.Ordinal))
{
    Console.WriteLine($"  {group.Count()} x {group.Key}");
    foreach (var (test, _) in group)
    {
        Console.WriteLine($"      {test}");
    }
}

if (missing.Length == 0)
{
    Console.WriteLine($"tests: only opt-in long tests were skipped ({LongTestsSwitch}=1 runs them)");
    return 0;
}

if (ci)
{
    Console.Error.WriteLine($"tests: FAILED in CI: {missing.Length} test(s) skipped for a missing part; " +
        "install it (bash scripts/install-deps.sh as root or with sudo, or the command in the reason above)");
    return 1;
}

Console.Error.WriteLine($"tests: {missing.Length} test(s) did not run because a part is missing here; install it with the command " +
    "in the reason above (bash scripts/install-deps.sh installs them all as root or with sudo), then run the tests again. " +
    "In CI (CI=true) this fails the run.");
return 0;
