using System;

namespace NovaAuth
{
    /// <summary>A login or a setting failed; <see cref="Status"/> says how.</summary>
    public class NovaAuthException : Exception
    {
        public NovaAuthException(NovaStatus status, string message) : base(message)
        {
            Status = status;
        }

        /// <summary>The error status the library returned.</summary>
        public NovaStatus Status { get; }

        /// <summary>
        /// The exception for a call that just returned the error <paramref name="status"/> on
        /// this thread, with the library's message for it (nova_last_error), such as
        /// <c>poll interval must be 100 to 60000 ms, not 99</c>.
        /// </summary>
        internal static NovaAuthException FromLastError(int status)
        {
            NovaStatus error = (NovaStatus)status;
            return new NovaAuthException(error, Utf8.Read(Native.nova_last_error()) ?? StatusName(error));
        }

        /// <summary>The C name of a status, such as "NOVA_ERR_EXPIRED".</summary>
        internal static string StatusName(NovaStatus status)
        {
            return Utf8.Read(Native.nova_status_name((int)status));
        }
    }
}
