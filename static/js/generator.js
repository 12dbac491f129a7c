// The generator form: show a range input's value as it moves. Without this script the
// value shown is the one last submitted, and the form works the same.
for (const output of document.querySelectorAll("output[data-range-output]")) {
  const input = document.getElementById(output.dataset.rangeOutput);
  if (!input) continue;
  const show = () => { output.value = input.value; };
  input.addEventListener("input", show);
  show();
}
