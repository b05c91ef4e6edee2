/* Starts the classroom slides: reveal.js with its notes plugin (press S for the speaker view). */
Reveal.initialize({
  hash: true,
  width: 1280,
  height: 720,
  margin: 0.04,
  center: false,
  transition: "fade",
  transitionSpeed: "fast",
  slideNumber: "c/t",
  plugins: [RevealNotes],
});
