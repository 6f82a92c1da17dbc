//! The publish gate's last barrier (placeholder).
