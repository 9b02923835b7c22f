using System;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace NovaAuth.Tests
{
    /// <summary>Marks a public method (void or Task, no parameters) as a test.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class TestAttribute : Attribute
    {
    }

    /// <summary>
    /// Runs every [Test] method of this assembly in order, prints PASS or FAIL for each, and
    /// ends with the line "N passed, N failed". Exits with 1 if any test failed, at once if
    /// a test did not finish in time.
    /// </summary>
    internal static class TestRunner
    {
        private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

        // Mono's Environment.Exit waits for a thread blocked in a native call, such as a test
        // stuck in NovaLogin.Wait; _exit ends the process whatever its threads are doing.
        [DllImport("libc", EntryPoint = "_exit")]
        private static extern void ExitNow(int status);

        private static int Main(string[] args)
        {
            if (args.Length == 2 && args[0] == AsyncTests.PendingLoginChildFlag)
            {
                return AsyncTests.ReturnFromMainWithAPendingLogin(args[1]);
            }
            var tests = typeof(TestRunner).Assembly.GetTypes()
                .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
                .Where(method => method.IsDefined(typeof(TestAttribute), false))
                .Where(method => args.Length == 0 || args.Contains(method.Name))
                .OrderBy(method => method.DeclaringType.Name).ThenBy(method => method.MetadataToken)
                .ToList();
            if (tests.Count == 0)
            {
                Console.WriteLine("no test matched: " + string.Join(" ", args));
                Console.WriteLine("0 passed, 1 failed");
                return 1;
            }

            int passed = 0, failed = 0;
            foreach (MethodInfo test in tests)
            {
                string name = test.DeclaringType.Name + "." + test.Name;
                bool timedOut;
                string failure = Run(test, out timedOut);
                if (failure == null)
                {
                    passed++;
                    Console.WriteLine("PASS " + name);
                }
                else
                {
                    failed++;
                    Console.WriteLine("FAIL " + name + ": " + failure);
                }
                if (timedOut)
                {
                    // The test goes on running, with its server and logins, and would disturb
                    // the tests after it: stop here.
                    Console.WriteLine(passed + " passed, " + failed + " failed");
                    Console.Out.Flush();
                    ExitNow(1);
                }
            }
            Console.WriteLine(passed + " passed, " + failed + " failed");
            return failed == 0 ? 0 : 1;
        }

        /// <summary>Runs one test; null when it passed, else what went wrong.</summary>
        private static string Run(MethodInfo test, out bool timedOut)
        {
            timedOut = false;
            Task run = Task.Run(() =>
            {
                object instance = test.IsStatic ? null : Activator.CreateInstance(test.DeclaringType);
                Task asyncTest = test.Invoke(instance, null) as Task;
                if (asyncTest != null)
                {
                    asyncTest.GetAwaiter().GetResult();
                }
            });
            try
            {
                if (!run.Wait(TestTimeout))
                {
                    timedOut = true;
                    return "did not finish within " + TestTimeout.TotalSeconds + " s";
                }
                return null;
            }
            catch (AggregateException e)
            {
                Exception cause = e.InnerException;
                if (cause is TargetInvocationException)
                {
                    cause = cause.InnerException;
                }
                return cause is AssertionException ? cause.Message : cause.ToString();
            }
        }
    }
}
