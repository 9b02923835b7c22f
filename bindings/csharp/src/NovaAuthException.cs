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

        /// <summary>The C name of a status, such as "NOVA_ERR_EXPIRED".</summary>
        internal static string StatusName(NovaStatus status)
        {
            return Utf8.Read(Native.nova_status_name((int)status));
        }
    }
}
