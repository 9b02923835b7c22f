using System;
using System.Threading.Tasks;

namespace NovaAuth.Tests
{
    internal sealed class AssertionException : Exception
    {
        public AssertionException(string message) : base(message)
        {
        }
    }

    /// <summary>Checks that say what was expected and what came.</summary>
    internal static class Assert
    {
        public static void Equal<T>(T expected, T actual, string what)
        {
            if (!Equals(expected, actual))
            {
                throw new AssertionException(what + ": expected " + Show(expected) + ", got " + Show(actual));
            }
        }

        public static void True(bool condition, string expectation)
        {
            if (!condition)
            {
                throw new AssertionException("expected " + expectation);
            }
        }

        public static void Contains(string expectedPart, string actual, string what)
        {
            if (actual == null || !actual.Contains(expectedPart))
            {
                throw new AssertionException(what + ": expected to contain " + Show(expectedPart) + ", got " + Show(actual));
            }
        }

        public static TException Throws<TException>(Action action, string what) where TException : Exception
        {
            try
            {
                action();
            }
            catch (TException e)
            {
                return e;
            }
            catch (Exception e)
            {
                throw new AssertionException(what + ": expected " + typeof(TException).Name + ", got " + e);
            }
            throw new AssertionException(what + ": expected " + typeof(TException).Name + ", got no exception");
        }

        public static async Task<TException> ThrowsAsync<TException>(Task task, string what) where TException : Exception
        {
            try
            {
                await task;
            }
            catch (TException e)
            {
                return e;
            }
            catch (Exception e)
            {
                throw new AssertionException(what + ": expected " + typeof(TException).Name + ", got " + e);
            }
            throw new AssertionException(what + ": expected " + typeof(TException).Name + ", got no exception");
        }

        /// <summary>Waits for a task to end, successfully or not, within a time limit.</summary>
        public static async Task EndsWithin(Task task, TimeSpan limit, string what)
        {
            if (await Task.WhenAny(task, Task.Delay(limit)) != task)
            {
                throw new AssertionException(what + ": expected to end within " + limit.TotalSeconds + " s, still running");
            }
        }

        private static string Show(object value)
        {
            return value == null ? "null" : "'" + value + "'";
        }
    }
}
